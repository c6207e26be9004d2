"""What `train_lora` and `generate_eval` share: seeding, the device, loading a base model
(4-bit NF4 through bitsandbytes when asked), checking an adapter against its base, library
versions and GPU figures. torch, transformers and peft are imported inside the functions
that need them, so the pure parts (and the tests) import this module without them.
"""

import json
import os
import random
import sys
import time

from ladder_engine import BadInput, EngineError, log

PRECISIONS = ("fp16", "bf16", "fp32")
QUANTIZATIONS = ("nf4", "none")
LIBRARIES = ("torch", "transformers", "peft", "accelerate", "safetensors", "bitsandbytes", "unsloth", "tokenizers")


def library_versions():
    """Installed versions of the libraries that shape the results (None when absent)."""
    from importlib import metadata
    versions = {"python": "%d.%d.%d" % sys.version_info[:3]}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def seed_everything(seed):
    """Seeds Python, NumPy (when present), torch and every CUDA device."""
    import torch
    random.seed(seed)
    try:
        import numpy
        numpy.random.seed(seed % (2 ** 32))
    except ImportError:
        pass
    torch.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(seed)
    try:
        from transformers import set_seed
        set_seed(seed)
    except ImportError:
        pass


def require_torch(engine):
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
        import peft  # noqa: F401
    except ImportError as e:
        raise BadInput(f"{engine}: needs torch, transformers and peft (engines/python/requirements.txt): {e}")


class Device:
    """Where the model runs and in which precision, after the request's fallback rule."""

    def __init__(self, engine, precision, quantization, cpu_fallback):
        import torch
        self.cuda = torch.cuda.is_available()
        self.notes = []
        if not self.cuda:
            if quantization == "nf4" or precision in ("fp16", "bf16"):
                if not cpu_fallback:
                    raise BadInput(f"{engine}: quantization {quantization} / precision {precision} need a CUDA GPU and "
                                   f"none is visible; run on a GPU machine, or set cpu_fallback: true to train in "
                                   f"fp32 without quantization on the CPU")
                self.notes.append(f"no CUDA GPU: cpu_fallback from quantization {quantization}, precision {precision} "
                                  f"to none, fp32")
            quantization, precision = "none", "fp32"
        if quantization == "nf4":
            try:
                import bitsandbytes  # noqa: F401
            except ImportError as e:
                raise BadInput(f"{engine}: quantization nf4 needs bitsandbytes, which cannot be imported ({e}); "
                               f"install it (engines/python/requirements.txt)")
        self.precision = precision
        self.quantization = quantization
        self.name = "cuda" if self.cuda else "cpu"
        self.dtype = {"fp16": torch.float16, "bf16": torch.bfloat16, "fp32": torch.float32}[precision]
        if self.cuda:
            torch.cuda.reset_peak_memory_stats()
        self.started = time.monotonic()

    def figures(self):
        """Wall time, GPU name and peak GPU memory: for the attempt's record, never for outputs."""
        import torch
        out = {"seconds": round(time.monotonic() - self.started, 3), "device": self.name,
               "precision": self.precision, "quantization": self.quantization}
        if self.cuda:
            out["gpu"] = torch.cuda.get_device_name(0)
            out["peak_gpu_memory_bytes"] = int(torch.cuda.max_memory_allocated())
            out["peak_gpu_memory_reserved_bytes"] = int(torch.cuda.max_memory_reserved())
        return out


def model_location(engine, base_input):
    """A local directory (the input's path) or, for a source without a path, its `model` id."""
    if base_input.path is not None:
        path = base_input.path
        if not os.path.isdir(path) or not os.path.isfile(os.path.join(path, "config.json")):
            raise BadInput(f"{engine}: the base model {path} is missing or has no config.json")
        # A local model needs no hub: never let a library reach for the network (or wait for it).
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        return path, True
    model_id = base_input.source.get("model")
    if not model_id:
        raise BadInput(f"{engine}: input '{base_input.name}' has neither a path nor a `model` id")
    return model_id, False


def load_base(engine, location, local, device, double_quant=True):
    """The base model and its tokenizer, 4-bit NF4 when the device says so."""
    from transformers import AutoModelForCausalLM, AutoTokenizer
    kwargs = {"dtype": device.dtype}
    if local:
        kwargs["local_files_only"] = True
    if device.quantization == "nf4":
        from transformers import BitsAndBytesConfig
        kwargs["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_compute_dtype=device.dtype,
            bnb_4bit_use_double_quant=double_quant)
        kwargs["device_map"] = {"": 0}
    try:
        tokenizer = AutoTokenizer.from_pretrained(location, local_files_only=local)
        model = AutoModelForCausalLM.from_pretrained(location, **kwargs)
    except OSError as e:
        raise BadInput(f"{engine}: cannot load the base model {location}: {e}")
    if device.quantization != "nf4" and device.cuda:
        model = model.to("cuda")
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    return model, tokenizer


# ---------------------------------------------------------------- adapters

def adapter_module_name(tensor_name):
    """`base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight` -> (`model.layers.0.self_attn.q_proj`, `A`)."""
    parts = tensor_name.split(".")
    for i, p in enumerate(parts):
        if p in ("lora_A", "lora_B"):
            module = ".".join(parts[:i])
            if module.startswith("base_model.model."):
                module = module[len("base_model.model."):]
            return module, p[-1]
    return None, None


def adapter_mismatches(adapter_shapes, module_dims, r):
    """Compares an adapter's tensor shapes with the base model's linear layers.
    `adapter_shapes`: tensor name -> shape; `module_dims`: module name -> (in_features, out_features).
    Returns human-readable problems (empty when the adapter fits)."""
    problems = []
    for name, shape in sorted(adapter_shapes.items()):
        module, which = adapter_module_name(name)
        if module is None:
            continue
        if module not in module_dims:
            problems.append(f"{name}: the base model has no module {module}")
            continue
        fan_in, fan_out = module_dims[module]
        expected = [r, fan_in] if which == "A" else [fan_out, r]
        if list(shape) != expected:
            problems.append(f"{name}: shape {list(shape)}, the base model needs {expected}")
    return problems


def read_adapter(engine, directory):
    """The adapter's config and tensor shapes (names -> shape), checked for PEFT's layout."""
    config_path = os.path.join(directory, "adapter_config.json")
    weights = os.path.join(directory, "adapter_model.safetensors")
    if not os.path.isfile(config_path) or not os.path.isfile(weights):
        raise BadInput(f"{engine}: {directory} is not a PEFT adapter (needs adapter_config.json and "
                       f"adapter_model.safetensors)")
    with open(config_path, encoding="utf-8") as f:
        config = json.load(f)
    from safetensors import safe_open
    shapes = {}
    with safe_open(weights, framework="pt") as f:
        for key in f.keys():
            shapes[key] = list(f.get_slice(key).get_shape())
    return config, shapes


def linear_dims(model):
    """Module name -> (in_features, out_features) for every linear layer (4-bit ones too)."""
    dims = {}
    for name, module in model.named_modules():
        fan_in, fan_out = getattr(module, "in_features", None), getattr(module, "out_features", None)
        if isinstance(fan_in, int) and isinstance(fan_out, int):
            dims[name] = (fan_in, fan_out)
    return dims


def attach_adapter(engine, model, directory):
    """Loads the PEFT adapter at `directory` onto `model` after checking that it was made for it."""
    config, shapes = read_adapter(engine, directory)
    problems = adapter_mismatches(shapes, linear_dims(model), int(config.get("r", 0)))
    if problems:
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise BadInput(f"{engine}: the adapter in {directory} was made for another base model: "
                       + "; ".join(problems[:3]) + more)
    from peft import PeftModel
    try:
        return PeftModel.from_pretrained(model, directory, is_trainable=False)
    except (RuntimeError, ValueError) as e:
        raise EngineError(f"{engine}: PEFT could not load the adapter in {directory}: {e}")
