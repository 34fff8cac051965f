"""Calls to generative-AI APIs, with per-request impacts from the EcoLogits library.

``GenAIExternalAPI(name, provider="openai", model="gpt-4o-mini")`` looks the model up in EcoLogits'
model repository (parameter counts, throughput, time to first token) and the provider's data
centre (location, PUE) in its provider configuration; ``GenAIJob(name, api=..., output_tokens=400)``
is a job of a usage journey step whose per-request energy, usage footprint (at the provider's data
centre grid intensity) and embodied footprint come from EcoLogits' LLM impact model. The answer's
bytes (5 B per token) go over the users' network like any job's download.

EcoLogits (MPL-2.0, https://github.com/genai-impact/ecologits) is the optional ``genai`` extra:
``pip install 'footprintlab[genai]'``. Version used and tested: 0.11.3. Where EcoLogits gives a
range (parameter counts of undisclosed models, some PUE values), the middle of the range is used,
as e-footprint 27 does; the request latency is left to EcoLogits' throughput model (measured latency
unknown: ``request_latency = inf``).
"""
from __future__ import annotations

import difflib
import math

from footprintlab.engine import (
    Input,
    ModelError,
    ModelObject,
    Reference,
    ReverseLink,
    Source,
    SourceValue,
    Text,
    calculated,
    u,
)
from footprintlab.model.timeseries import sum_series
from footprintlab.model.usage import Job

PER_START = 1 * u.occurrence
MISSING = ("GenAI API calls need the EcoLogits library (MPL-2.0), an optional extra: "
           "pip install 'footprintlab[genai]' (or pip install ecologits)")
ECOLOGITS = Source("EcoLogits 0.11.3 (GenAI Impact, MPL-2.0): model repository, provider configuration, "
                   "electricity mixes and LLM impact model", "https://github.com/genai-impact/ecologits")
E_FOOTPRINT_GENAI_HYPOTHESIS = Source(
    "e-footprint 27 EcoLogitsGenAIExternalAPIJob default (hypothesis)", "https://github.com/Boavizta/e-footprint",
    hypothesis=True)
BYTES_PER_TOKEN = 5  # about 4 bytes of UTF-8 text and 1 byte of JSON per token (e-footprint 27's estimate)


def ecologits_available() -> bool:
    try:
        import ecologits  # noqa: F401
    except ImportError:
        return False
    return True


def _modules():
    try:
        from ecologits.electricity_mix_repository import electricity_mixes
        from ecologits.impacts.llm import compute_llm_impacts_dag
        from ecologits.model_repository import ParametersMoE, models
        from ecologits.tracers.utils import PROVIDER_CONFIG_MAP
        from ecologits.utils.range_value import RangeValue
    except ImportError:
        raise ImportError(MISSING) from None
    return models, ParametersMoE, PROVIDER_CONFIG_MAP, electricity_mixes, compute_llm_impacts_dag, RangeValue


def providers() -> list[str]:
    """The providers EcoLogits knows (needs EcoLogits)."""
    return sorted(_modules()[2])


def models_of(provider: str) -> list[str]:
    """The model names EcoLogits knows for ``provider`` (needs EcoLogits)."""
    models = _modules()[0]
    return sorted({m.name for m in models.list_models() if m.provider.name == provider})


def _nearest(name: str, names) -> str:
    close = difflib.get_close_matches(name, list(names), n=5, cutoff=0.5)
    return f"; nearest: {', '.join(close)}" if close else ""


def _check_provider(name: str) -> None:
    config = _modules()[2]
    if name not in config:
        raise ValueError(f"EcoLogits knows no provider {name!r}{_nearest(name, config)}")


def _middle(value) -> float:
    """The middle of an EcoLogits range (or the value itself)."""
    range_type = _modules()[5]
    if isinstance(value, range_type):
        return (value.min + value.max) / 2
    return float(value)


class _NoStorage(ReverseLink):
    """An API keeps nothing in the model's storage: ``api.storage`` is None (read by the system's
    storage path, which goes through every job's host)."""

    is_list = False

    def __init__(self):
        super().__init__("Storage", "none")

    def __get__(self, obj, cls=None):
        return self if obj is None else None

    def targets(self, value) -> list:
        return []


class GenAIExternalAPI(ModelObject):
    """A generative-AI API (provider and model): the footprint of the calls its jobs make."""

    provider = Text("openai", check=_check_provider, help="EcoLogits provider, e.g. openai, anthropic, mistralai")
    model = Text("gpt-4o-mini", help="model name in EcoLogits' repository for the provider")
    jobs = ReverseLink("GenAIJob", "server")
    storage = _NoStorage()

    @calculated(None, "model and data-centre facts looked up in EcoLogits (parameter counts in billions, "
                "middle of their range; tokens per second; time to first token; PUE; WUE; grid zone and "
                "its kg CO2e/kWh)", "provider", "model")
    def model_facts(self, provider, model):
        models, moe, config, mixes, _, _ = _modules()
        found = models.find_model(provider=provider, model_name=model)
        if found is None:
            raise ModelError(f"EcoLogits has no model {model!r} for provider {provider!r}"
                             f"{_nearest(model, models_of(provider))}")
        params = found.architecture.parameters
        active, total = (params.active, params.total) if isinstance(params, moe) else (params, params)
        provider_config = config[provider]
        zone = provider_config.datacenter_location or "WOR"
        mix = mixes.find_electricity_mix(zone=zone)
        if mix is None:
            raise ModelError(f"EcoLogits has no electricity mix for zone {zone!r}")
        deployment = found.deployment
        return {"active_parameters": _middle(active), "total_parameters": _middle(total),
                "tps": deployment.tps if deployment else None, "ttft": deployment.ttft if deployment else None,
                "pue": _middle(provider_config.datacenter_pue), "wue": _middle(provider_config.datacenter_wue),
                "zone": zone, "gwp_kg_per_kwh": float(mix.gwp)}

    @calculated(u.g / u.kWh, "grid carbon intensity of the provider's data-centre zone (EcoLogits)",
                "facts=model_facts")
    def average_carbon_intensity(self, facts):
        return facts["gwp_kg_per_kwh"] * (u.kg / u.kWh)

    @calculated(u.dimensionless, "PUE of the provider's data centres (EcoLogits, middle of range)",
                "facts=model_facts")
    def power_usage_effectiveness(self, facts):
        return facts["pue"]

    @calculated(u.kWh, "Σ jobs' hourly calls × energy per request", "starts=jobs[].hourly_starts",
                "per_request=jobs[].request_energy")
    def instances_energy(self, starts, per_request):
        # kWh = Σ_j calls_j(t) × kWh per call
        return sum_series([s * (e / PER_START) for s, e in zip(starts, per_request, strict=True)], u.kWh)

    @calculated(u.kg, "Σ jobs' hourly calls × usage footprint per request", "starts=jobs[].hourly_starts",
                "per_request=jobs[].request_usage_footprint")
    def energy_footprint(self, starts, per_request):
        # kg = Σ_j calls_j(t) × kg per call (energy × the data centre zone's intensity)
        return sum_series([s * (e / PER_START) for s, e in zip(starts, per_request, strict=True)], u.kg)

    @calculated(u.kg, "Σ jobs' hourly calls × embodied footprint per request", "starts=jobs[].hourly_starts",
                "per_request=jobs[].request_embodied_footprint")
    def instances_fabrication_footprint(self, starts, per_request):
        # kg = Σ_j calls_j(t) × kg per call (GPU and server fabrication, amortised per request)
        return sum_series([s * (e / PER_START) for s, e in zip(starts, per_request, strict=True)], u.kg)


class GenAIJob(Job):
    """One call to a GenAI API, sized by its output tokens; usable in a step like any job."""

    server = Reference("GenAIExternalAPI", reverse="jobs", help="the GenAI API called")
    output_tokens = Input(u.dimensionless, SourceValue(1000, E_FOOTPRINT_GENAI_HYPOTHESIS), min=0,
                          slider=(0, 4000), help="tokens generated per call")
    data_upload = Input(u.MB, 0 * u.MB, min=0, help="prompt bytes sent (e-footprint 27 counts none)")

    def __init__(self, name: str, api=None, **inputs):
        if api is not None:
            if "server" in inputs:
                raise TypeError(f"GenAIJob {name!r}: give api (or server), not both")
            inputs["server"] = api
        super().__init__(name, **inputs)

    @property
    def api(self):
        return self.server

    @api.setter
    def api(self, value):
        self.server = value

    @calculated(None, "EcoLogits LLM impacts of one request (compute_llm_impacts_dag) for the model's "
                "facts and the output tokens", "facts=server.model_facts", "tokens=output_tokens")
    def impacts(self, facts, tokens):
        compute = _modules()[4]
        result = compute(
            model_active_parameter_count=facts["active_parameters"],
            model_total_parameter_count=facts["total_parameters"],
            output_token_count=tokens.magnitude, request_latency=math.inf,
            if_electricity_mix_adpe=0, if_electricity_mix_pe=0, if_electricity_mix_gwp=facts["gwp_kg_per_kwh"],
            if_electricity_mix_wue=0, datacenter_pue=facts["pue"], datacenter_wue=facts["wue"],
            tps=facts["tps"], ttft=facts["ttft"])
        keys = ("request_energy", "request_usage_gwp", "request_embodied_gwp", "generation_latency")
        return {key: _middle(result[key]) for key in keys}

    @calculated(u.kWh, "EcoLogits request energy (GPU and server energy × PUE)", "impacts")
    def request_energy(self, impacts):
        return impacts["request_energy"] * u.kWh

    @calculated(u.g, "EcoLogits request usage GWP (request energy × the data centre zone's intensity)",
                "impacts")
    def request_usage_footprint(self, impacts):
        return impacts["request_usage_gwp"] * u.kg

    @calculated(u.g, "EcoLogits request embodied GWP (server and GPU fabrication × request's share of "
                "their life)", "impacts")
    def request_embodied_footprint(self, impacts):
        return impacts["request_embodied_gwp"] * u.kg

    @calculated(u.s, "EcoLogits generation latency (time to first token + tokens / throughput)", "impacts")
    def request_duration(self, impacts):
        return impacts["generation_latency"] * u.s

    @calculated(u.kB, "output tokens × 5 B per token (4 B of text + 1 B of JSON)", "tokens=output_tokens")
    def data_download(self, tokens):
        # kB = tokens × B per token
        return tokens.magnitude * BYTES_PER_TOKEN * u.B

    @calculated(u.MB, "none: an API call stores nothing in the model's storage")
    def data_stored(self):
        return 0 * u.MB

    @calculated(u.cpu_core, "none: the call runs on the provider's servers, counted by EcoLogits")
    def compute_needed(self):
        return 0 * u.cpu_core

    @calculated(u.MB, "none: the call runs on the provider's servers, counted by EcoLogits")
    def ram_needed(self):
        return 0 * u.MB


__all__ = ["GenAIExternalAPI", "GenAIJob", "ecologits_available", "providers", "models_of"]
