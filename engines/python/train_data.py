"""Training data for `train_lora` (pure Python, no torch): the dataset directory that
subset, transpile and translate write, and the packing of tokenized files into
training sequences with what each file lost to truncation.

The rules are those of the built-in `lora-train` engine (Sources/LadderModel,
`PackedSequences`), so both report truncation the same way: each file becomes
`BOS tokens EOS`; with packing the files are laid end to end and cut into
sequences of `max_seq_length` (only the last is shorter; a lone last token is
dropped and charged to the last file); without packing each file is one
sequence, cut at `max_seq_length`, and the tokens cut off are that file's loss.
"""

import json
import os

from ladder_engine import BadInput

VALIDATION_SPLITS = ("validation", "valid", "val", "dev")


class Document:
    __slots__ = ("id", "tokens", "dropped")

    def __init__(self, doc_id, tokens, dropped=0):
        self.id = doc_id
        self.tokens = tokens
        self.dropped = dropped

    def as_json(self):
        return {"file_path": self.id, "tokens": self.tokens, "dropped": self.dropped}


def read_dataset(directory):
    """Rows of `manifest.jsonl` with the text of each file: (file_path, split, text), in manifest order."""
    manifest = os.path.join(directory, "manifest.jsonl")
    if not os.path.isfile(manifest):
        raise BadInput(f"{directory}: not a dataset directory (no manifest.jsonl); feed this step from subset, "
                       f"transpile or translate")
    rows = []
    with open(manifest, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as e:
                raise BadInput(f"{manifest}:{number}: not JSON: {e}")
            file_path, filename = row.get("file_path"), row.get("filename")
            if not isinstance(file_path, str) or not isinstance(filename, str):
                raise BadInput(f"{manifest}:{number}: a manifest row needs `file_path` and `filename`")
            if filename.startswith("/") or ".." in filename.split("/"):
                raise BadInput(f"{manifest}:{number}: {filename} lies outside the dataset")
            path = os.path.join(directory, filename)
            try:
                with open(path, "rb") as g:
                    text = g.read().decode("utf-8", errors="replace")
            except OSError:
                raise BadInput(f"{manifest}:{number}: names {filename}, which is missing")
            rows.append((file_path, row.get("split") or "train", text))
    return rows


def pack(documents, max_length, packing, bos, eos):
    """`documents`: [(id, [token ids])]. Returns (sequences, [Document]) as described above.
    `bos`/`eos` may be None (then not added)."""
    if max_length < 2:
        raise BadInput(f"max_seq_length must be at least 2, not {max_length}")
    head = [bos] if bos is not None else []
    tail = [eos] if eos is not None else []
    sequences, docs = [], []
    if packing:
        stream = []
        for doc_id, tokens in documents:
            t = head + list(tokens) + tail
            stream.extend(t)
            docs.append(Document(doc_id, len(t)))
        i = 0
        while i < len(stream):
            end = min(len(stream), i + max_length)
            if end - i >= 2:
                sequences.append(stream[i:end])
            elif docs:
                docs[-1].dropped += end - i
            i = end
    else:
        for doc_id, tokens in documents:
            t = head + list(tokens) + tail
            sequences.append(t[:max_length])
            docs.append(Document(doc_id, len(t), max(0, len(t) - max_length)))
    return sequences, docs


def batches(order, batch_size):
    """Consecutive slices of `order` of at most `batch_size`."""
    return [order[i:i + batch_size] for i in range(0, len(order), batch_size)]


def schedule_steps(sequences, batch_size, accumulation, epochs):
    """Optimizer steps of a run: ceil(ceil(n / batch) / accumulation) per epoch."""
    micro = -(-sequences // batch_size)
    return -(-micro // accumulation) * epochs
