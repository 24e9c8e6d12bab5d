"""Reads a microgpt-katas checkpoint (safetensors) with Python's standard library only.

Usage: python3 dev/read_checkpoint.py model.safetensors [TENSOR]
Prints, as JSON, the step, the settings and TENSOR's (default wte) shape and values.
"""
import array, json, os, struct, sys

path, name = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "wte")
with open(path, "rb") as f:
    (n,) = struct.unpack("<Q", f.read(8))  # the header's length, little-endian
    if n > 100 * 2**20 or n > os.fstat(f.fileno()).st_size - 8:
        sys.exit(f"{path} is not a safetensors checkpoint: its header length {n} is past its end")
    header = json.loads(f.read(n))
    if name not in header or name == "__metadata__":
        sys.exit(f"{path} has no tensor {name}: it has " + ", ".join(k for k in header if k != "__metadata__"))
    meta, tensor = header["__metadata__"], header[name]
    begin, end = tensor["data_offsets"]  # from the start of the data, after the header
    f.seek(8 + n + begin)
    values = array.array("d", f.read(end - begin))  # F64
if sys.byteorder == "big":
    values.byteswap()
print(json.dumps({"step": int(meta["step"]), "config": json.loads(meta["config"]),
                  "shape": tensor["shape"], "values": values.tolist()}))
