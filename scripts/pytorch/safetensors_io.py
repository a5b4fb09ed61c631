"""Read and write safetensors files with PyTorch alone, without the `safetensors` package.

The writer follows the reference Rust serializer (huggingface/safetensors, `tensor.rs`,
`prepare`): tensors sorted by descending dtype alignment and then by name, packed without gaps,
compact JSON with `__metadata__` first, and the header padded with spaces to a multiple of 8
bytes. The reader applies the same checks as the reference deserializer.
"""

import json
import struct
import sys

import torch

# Position in the reference `Dtype` enum, which is ordered by increasing alignment.
DTYPE_RANK = {
    "BOOL": 0,
    "U8": 4,
    "I8": 5,
    "I16": 9,
    "F16": 11,
    "BF16": 12,
    "I32": 13,
    "F32": 15,
    "F64": 17,
    "I64": 18,
}

TORCH_DTYPES = {
    "BOOL": torch.bool,
    "U8": torch.uint8,
    "I8": torch.int8,
    "I16": torch.int16,
    "F16": torch.float16,
    "BF16": torch.bfloat16,
    "I32": torch.int32,
    "F32": torch.float32,
    "F64": torch.float64,
    "I64": torch.int64,
}

SAFETENSORS_DTYPES = {torch_dtype: name for name, torch_dtype in TORCH_DTYPES.items()}

METADATA_KEY = "__metadata__"


def _require_little_endian():
    if sys.byteorder != "little":
        raise RuntimeError("safetensors data is little-endian; this host is big-endian")


def encode_safetensors(tensors, metadata=None):
    """Encode a dict of name -> torch.Tensor (and an optional str -> str dict) as bytes."""
    _require_little_endian()
    entries = []
    for name, tensor in tensors.items():
        if tensor.dtype not in SAFETENSORS_DTYPES:
            raise ValueError(f"tensor {name!r} has unsupported dtype {tensor.dtype}")
        entries.append((name, SAFETENSORS_DTYPES[tensor.dtype], tensor.detach().contiguous()))
    entries.sort(key=lambda entry: (-DTYPE_RANK[entry[1]], entry[0].encode("utf-8")))

    header = {}
    if metadata is not None:
        header[METADATA_KEY] = dict(metadata)
    chunks = []
    offset = 0
    for name, dtype, tensor in entries:
        data = tensor.reshape(-1).view(torch.uint8).numpy().tobytes()
        header[name] = {
            "dtype": dtype,
            "shape": list(tensor.shape),
            "data_offsets": [offset, offset + len(data)],
        }
        offset += len(data)
        chunks.append(data)

    header_bytes = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    header_bytes += b" " * (-len(header_bytes) % 8)
    return struct.pack("<Q", len(header_bytes)) + header_bytes + b"".join(chunks)


def decode_safetensors(data):
    """Decode safetensors bytes into (dict of name -> torch.Tensor, metadata dict)."""
    _require_little_endian()
    if len(data) < 8:
        raise ValueError(f"truncated safetensors data: {len(data)} bytes")
    (header_length,) = struct.unpack("<Q", data[:8])
    if 8 + header_length > len(data):
        raise ValueError(f"header length {header_length} runs past the end of the data")
    header_text = data[8 : 8 + header_length].decode("utf-8")
    if not header_text.startswith("{"):
        raise ValueError("safetensors header does not start with '{'")
    header = json.loads(header_text)
    metadata = header.pop(METADATA_KEY, {})
    body = bytearray(data[8 + header_length :])

    tensors = {}
    covered = 0
    for name, info in sorted(header.items(), key=lambda item: tuple(item[1]["data_offsets"])):
        begin, end = info["data_offsets"]
        if begin != covered or end < begin:
            raise ValueError(f"tensor {name!r} has invalid data_offsets {info['data_offsets']}")
        dtype = TORCH_DTYPES[info["dtype"]]
        count = 1
        for dimension in info["shape"]:
            count *= dimension
        item_size = torch.tensor([], dtype=dtype).element_size()
        if end - begin != count * item_size:
            raise ValueError(f"tensor {name!r}: shape {info['shape']} does not match its bytes")
        if count == 0:
            flat = torch.empty(0, dtype=dtype)
        else:
            flat = torch.frombuffer(body, dtype=dtype, count=count, offset=begin).clone()
        tensors[name] = flat.reshape(info["shape"])
        covered = end
    if covered != len(body):
        raise ValueError(f"{len(body) - covered} bytes after the last tensor")
    return tensors, metadata


def save_safetensors(path, tensors, metadata=None):
    with open(path, "wb") as file:
        file.write(encode_safetensors(tensors, metadata))


def load_safetensors(path):
    with open(path, "rb") as file:
        return decode_safetensors(file.read())
