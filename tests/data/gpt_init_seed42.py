# Makes gpt_init_seed42.json: microgpt.py's parameter initialization (its own lines, below),
# run by CPython right after random.seed(42), for vocab 27, n_embd 16, 1 layer, block 16
# (microgpt's configuration; microgpt.py itself shuffles the documents first, which draws from
# the same generator, so the project's golden test covers that order separately).
# For each matrix of the state dict, in order: its shape and its first and last 3 entries,
# row by row. Kata 08's suite compares the learner's initialization with them.
#
#   python3 tests/data/gpt_init_seed42.py > tests/data/gpt_init_seed42.json
import json
import random

random.seed(42)
vocab_size, n_embd, n_layer, block_size = 27, 16, 1, 16


class Value:
    def __init__(self, data):
        self.data = data


matrix = lambda nout, nin, std=0.08: [[Value(random.gauss(0, std)) for _ in range(nin)] for _ in range(nout)]
state_dict = {'wte': matrix(vocab_size, n_embd), 'wpe': matrix(block_size, n_embd), 'lm_head': matrix(vocab_size, n_embd)}
for i in range(n_layer):
    state_dict[f'layer{i}.attn_wq'] = matrix(n_embd, n_embd)
    state_dict[f'layer{i}.attn_wk'] = matrix(n_embd, n_embd)
    state_dict[f'layer{i}.attn_wv'] = matrix(n_embd, n_embd)
    state_dict[f'layer{i}.attn_wo'] = matrix(n_embd, n_embd)
    state_dict[f'layer{i}.mlp_fc1'] = matrix(4 * n_embd, n_embd)
    state_dict[f'layer{i}.mlp_fc2'] = matrix(n_embd, 4 * n_embd)
params = [p for mat in state_dict.values() for row in mat for p in row]

out = {
    "command": "python3 tests/data/gpt_init_seed42.py > tests/data/gpt_init_seed42.json",
    "python": "CPython 3.11.7",
    "config": {"vocabSize": vocab_size, "nEmbd": n_embd, "nLayer": n_layer, "blockSize": block_size},
    "numParams": len(params),
    "matrices": [
        {
            "name": name,
            "shape": [len(mat), len(mat[0])],
            "first": [p.data for p in mat[0][:3]],
            "last": [p.data for p in mat[-1][-3:]],
        }
        for name, mat in state_dict.items()
    ],
}
print(json.dumps(out, indent=1))
