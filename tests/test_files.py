"""The one atomic file writer: no clobber, no input overwritten, links kept, umask followed."""
import os
import stat

import pytest
from footprintlab._files import OutputExistsError, OutputIsInputError, atomic_write, write_text


def test_existing_file_is_not_replaced_without_overwrite(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("mine")
    with pytest.raises(OutputExistsError, match="--force"):
        write_text(target, "new", hint="--force")
    assert target.read_text() == "mine"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_overwrite_keeps_the_mode_of_the_replaced_file(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    target.chmod(0o640)
    write_text(target, "new", overwrite=True)
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_new_file_follows_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        write_text(tmp_path / "a.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == 0o644


def test_failed_write_leaves_no_temporary_file(tmp_path):
    with pytest.raises(RuntimeError):
        with atomic_write(tmp_path / "b.txt") as handle:
            handle.write("half")
            raise RuntimeError("boom")
    assert os.listdir(tmp_path) == []


def test_symlink_target_is_written_and_link_kept(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    write_text(link, "new", overwrite=True)
    assert link.is_symlink()
    assert real.read_text() == "new"


@pytest.mark.parametrize("overwrite", [False, True])
def test_output_that_is_an_input_is_refused(tmp_path, overwrite):
    source = tmp_path / "power.csv"
    source.write_text("samples")
    link = tmp_path / "alias.csv"
    link.symlink_to(source)
    for output in (source, link):
        with pytest.raises(OutputIsInputError, match="input"):
            write_text(output, "table", overwrite=overwrite, protect=[source])
    assert source.read_text() == "samples"


def test_file_appearing_while_writing_is_not_clobbered(tmp_path):
    target = tmp_path / "c.txt"
    with pytest.raises(OutputExistsError, match="appeared"):
        with atomic_write(target) as handle:
            handle.write("ours")
            target.write_text("theirs")
    assert target.read_text() == "theirs"
