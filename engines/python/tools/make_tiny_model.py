#!/usr/bin/env python3
"""Writes a tiny, randomly initialised model of tiny-aya-base's architecture (Cohere2ForCausalLM)
with a byte-level BPE tokenizer trained on the repository's own text: nothing is downloaded.

    python3 engines/python/tools/make_tiny_model.py OUT_DIR [--seed 0]

The config follows ../shared/data/peft-reference/README.md (vocab 512, hidden 128, intermediate
256, 4 layers, 4 heads, 2 key-value heads, sliding window 64, layer types sliding x3 + full),
with the special tokens' ids inside the tiny vocabulary (Cohere2's default eos id, 255001, is not).
Used by `make verify-gpu` (docs/gpu-verification.md).
"""
import argparse
import glob
import os

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
SPECIALS = ["<PAD>", "<BOS_TOKEN>", "<EOS_TOKEN>", "<UNK>"]


def training_text():
    """The demo's multilingual text and SIB-200 sentences (en, es, zh, ur), in a fixed order."""
    paths = sorted(glob.glob(os.path.join(REPO, "ladders/demo-data/pretrain-text/*.txt")))
    paths += sorted(glob.glob(os.path.join(REPO, "ladders/demo-data/sib200/*/test.tsv")))
    paths += sorted(glob.glob(os.path.join(REPO, "engines/python/*.py")))
    for path in paths:
        with open(path, encoding="utf-8") as f:
            yield f.read()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--hidden-size", type=int, default=128, help="another size makes a different base model")
    args = parser.parse_args()

    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import Cohere2Config, Cohere2ForCausalLM, PreTrainedTokenizerFast

    bpe = Tokenizer(models.BPE(unk_token="<UNK>"))
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=512, special_tokens=SPECIALS, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    bpe.train_from_iterator(training_text(), trainer=trainer)
    ids = {t: bpe.token_to_id(t) for t in SPECIALS}
    bpe.post_processor = processors.TemplateProcessing(single="<BOS_TOKEN> $A", pair="<BOS_TOKEN> $A <BOS_TOKEN> $B",
                                                       special_tokens=[("<BOS_TOKEN>", ids["<BOS_TOKEN>"])])
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=bpe, bos_token="<BOS_TOKEN>", eos_token="<EOS_TOKEN>",
                                        pad_token="<PAD>", unk_token="<UNK>", model_max_length=2048)

    config = Cohere2Config(vocab_size=512, hidden_size=args.hidden_size, intermediate_size=2 * args.hidden_size, num_hidden_layers=4,
                           num_attention_heads=4, num_key_value_heads=2, sliding_window=64,
                           layer_types=["sliding_attention", "sliding_attention", "sliding_attention", "full_attention"],
                           max_position_embeddings=2048, bos_token_id=ids["<BOS_TOKEN>"],
                           eos_token_id=ids["<EOS_TOKEN>"], pad_token_id=ids["<PAD>"])
    torch.manual_seed(args.seed)
    model = Cohere2ForCausalLM(config)
    os.makedirs(args.out, exist_ok=True)
    model.save_pretrained(args.out)
    tokenizer.save_pretrained(args.out)
    params = sum(p.numel() for p in model.parameters())
    print(f"wrote {args.out}: Cohere2ForCausalLM, {params} parameters, vocabulary {len(tokenizer)}")


if __name__ == "__main__":
    main()
