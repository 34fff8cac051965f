"""What ``system.uncertainty()`` returns: quantiles, samples, hourly bands and sensitivity."""
from __future__ import annotations

import warnings

import numpy as np
from footprintlab.engine.values import HOUR
from footprintlab.model import uncertainty


class UncertaintyWarning(UserWarning):
    """Some samples were refused by the model (e.g. a capacity exceeded) and left out."""


class UncertaintyResult:
    """Monte Carlo result of a system with uncertain inputs.

    Attributes
    ----------
    samples : DataFrame
        n × (Devices, Network, Servers, Storage[, External APIs], Total), kg CO2e over the
        modelled period.
    inputs : DataFrame
        n × uncertain inputs (``object.attribute``), each in its distribution's unit.
    failed : int
        Samples the model refused (left out of every figure, with a warning).
    """

    def __init__(self, system, n: int, seed: int, engine: str = "local"):
        import pandas as pd

        self._system, self.seed, self.engine = system, seed, engine
        self._inputs = uncertainty.uncertain_inputs(system)
        self._matrix = uncertainty.sample_matrix(self._inputs, n, seed)
        outputs, failed = uncertainty.run(system, self._matrix, engine)
        self.failed = int(failed.sum())
        if self.failed:
            warnings.warn(f"{self.failed} of {n} samples were refused by the model (an input "
                          "drawn out of what it can compute) and left out", UncertaintyWarning,
                          stacklevel=3)
        self._ok = ~failed
        kept = [row for row in outputs if row is not None]
        columns = uncertainty.categories(system)
        self.samples = pd.DataFrame(np.array(kept).reshape(-1, len(columns)), columns=columns)
        self.samples.attrs["unit"] = "kg CO2e"
        self.inputs = pd.DataFrame(self._matrix[self._ok],
                                   columns=[item.label for item in self._inputs])
        self.central = uncertainty.category_totals(system)

    def quantiles(self, q=(0.05, 0.5, 0.95)):
        """DataFrame: rows Devices, Network, Servers, Storage, Total; one column per quantile."""
        frame = self.samples.quantile(list(q)).T
        frame.index.name = "category"
        frame.attrs["unit"] = "kg CO2e"
        return frame

    def hourly_band(self, value, q=(0.05, 0.95)):
        """Quantiles of an hourly calculated value per UTC hour (for charts).

        ``value`` is ``(object, "attribute")``. The samples are run again (same rows), keeping
        that value's series; hours missing from a sample count as 0.
        """
        import pandas as pd

        obj, attribute = value
        outputs, _ = uncertainty.run(self._system, self._matrix[self._ok], self.engine,
                                     target=(obj, attribute))
        series = [item for item in outputs if item is not None]
        if not series:
            return pd.DataFrame(columns=list(q))
        start = min(s for s, _ in series)
        end = max(s + len(v) * HOUR for s, v in series)
        stack = np.zeros((len(series), int((end - start) / HOUR)), dtype=np.float32)
        for row, (first, values) in zip(stack, series, strict=True):
            offset = int((first - start) / HOUR)
            row[offset:offset + len(values)] = values
        hours = pd.DatetimeIndex(start + np.arange(stack.shape[1]) * HOUR, tz="UTC", name="hour")
        band = pd.DataFrame(np.quantile(stack, list(q), axis=0).T, index=hours, columns=list(q))
        band.attrs["unit"] = str(getattr(obj, attribute).value.unit)
        return band

    def sensitivity(self):
        """Uncertain inputs ranked by their share of the total's variance.

        Estimator: standardised rank regression coefficients (SRRC) of the total on the inputs'
        sampled values; ``share`` = SRRC² / Σ SRRC² (sums to 1); ``attrs["r2"]`` is the rank
        regression's R² (how much of the total's rank variance the inputs explain linearly: near
        1, the shares are reliable) and each coefficient has its standard error (``srrc_se``).
        Also, for a tornado chart: the total with each input at its low and its high value
        (uniform and triangular: their ends; normal and log-normal: P5 and P95), the others at
        their central values, and the swing between the two.
        """
        import pandas as pd

        labels = [item.label for item in self._inputs]
        srrc, se, r2 = _rank_regression(self._matrix[self._ok], self.samples["Total"].to_numpy())
        frame = pd.DataFrame({"srrc": srrc, "srrc_se": se,
                              "share": srrc ** 2 / max(float(np.sum(srrc ** 2)), 1e-300)},
                             index=pd.Index(labels, name="input"))
        frame = frame.join(uncertainty.one_at_a_time(self._system).drop(columns=[]))
        frame = frame.sort_values("share", ascending=False)
        frame.attrs.update(r2=r2, estimator="standardised rank regression coefficients (SRRC)",
                           unit="kg CO2e")
        return frame

    def __repr__(self):
        table = self.quantiles().to_string(float_format=lambda x: f"{x:,.0f}")
        return (f"Uncertainty of {self._system.name}: {len(self.samples)} samples (seed "
                f"{self.seed}), kg CO2e\n{table}")


def _rank_regression(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """SRRC of ``y`` on the columns of ``x``, their standard errors and R²."""
    n, k = x.shape
    if k == 0 or n <= k + 1:
        return np.zeros(k), np.full(k, np.nan), float("nan")
    ranks = np.column_stack([_standard(_ranks(x[:, j])) for j in range(k)])
    target = _standard(_ranks(y))
    coef, *_ = np.linalg.lstsq(ranks, target, rcond=None)
    residual = target - ranks @ coef
    r2 = 1.0 - float(residual @ residual) / max(float(target @ target), 1e-300)
    sigma2 = float(residual @ residual) / (n - k - 1)
    covariance = sigma2 * np.linalg.pinv(ranks.T @ ranks)
    return coef, np.sqrt(np.clip(np.diag(covariance), 0, None)), r2


def _ranks(values: np.ndarray) -> np.ndarray:
    order = np.argsort(values, kind="stable")
    ranks = np.empty(len(values))
    ranks[order] = np.arange(len(values))
    return ranks


def _standard(values: np.ndarray) -> np.ndarray:
    spread = values.std()
    return (values - values.mean()) / spread if spread > 0 else values * 0.0
