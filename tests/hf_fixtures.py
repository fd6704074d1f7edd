"""Tiny real transformers models built on the spot for the hf: summarizer and nli: judge tests.

Nothing is downloaded: a word-level tokenizer is trained with the ``tokenizers`` library on the seed
articles' text, and small randomly initialised BART, Llama and BERT models are saved with
``save_pretrained`` into a folder, which the tests then load through ``hf:<folder>`` / ``nli:<folder>``
exactly as they would load a real checkpoint.
"""

from __future__ import annotations

from pathlib import Path

from benchmark.types import Document, KeyFact, Task

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SPECIAL = ["<pad>", "<s>", "</s>", "<unk>", "<|user|>", "<|system|>", "<|assistant|>", "[CLS]", "[SEP]"]
# A chat template that leaves a visible marker, so a test can see that it was applied.
CHAT_TEMPLATE = (
    "{% for m in messages %}<|{{ m['role'] }}|> {{ m['content'] }} </s> {% endfor %}"
    "{% if add_generation_prompt %}CHAT-TEMPLATE-APPLIED <|assistant|>{% endif %}"
)


def seed_articles() -> list[tuple[str, str, str]]:
    """(id, title, body) of each seed article: line 1 is the title, prose lines are the body."""
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
        body = [ln for ln in lines[1:] if len(ln) > 40]
        out.append((path.stem, lines[0], "\n\n".join(body)))
    return out


def seed_tasks() -> list[Task]:
    """One single-article task per seed plus an event task over all of them (75-word budget)."""
    arts = seed_articles()
    facts = (
        KeyFact("no-deal", "NATO and Russia failed to resolve the missile defence row.", 3),
        KeyFact("talks-go-on", "NATO and Russia agreed to keep talking.", 2),
    )
    docs = [Document(a, t, b) for a, t, b in arts]
    tasks = [Task(f"{d.id}", "single", d.title, (d,), (), facts, 75) for d in docs]
    tasks.append(Task("event_test", "event", "Missile defence talks", tuple(docs), (), facts, 75))
    return tasks


def train_tokenizer(chat: bool, max_length: int = 512):
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.WordLevel(unk_token="<unk>"))
    tok.normalizer = normalizers.Lowercase()
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.decoder = decoders.WordPiece(prefix="##")  # joins word-level tokens with spaces
    trainer = trainers.WordLevelTrainer(vocab_size=2000, special_tokens=SPECIAL)
    texts = [f"{t}\n{b}" for _, t, b in seed_articles()]
    texts.append(" ".join(["summarize", "summary", "news", "words", "facts", "article", "report"]))
    tok.train_from_iterator(texts, trainer)
    kwargs = dict(
        tokenizer_object=tok, pad_token="<pad>", bos_token="<s>", eos_token="</s>", unk_token="<unk>",
        model_max_length=max_length,
    )
    if chat:
        kwargs["chat_template"] = CHAT_TEMPLATE
    return PreTrainedTokenizerFast(**kwargs)


def _ids(tokenizer) -> dict[str, int]:
    return dict(
        vocab_size=len(tokenizer), pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
    )


def build_bart(folder: Path) -> Path:
    import torch
    from transformers import BartConfig, BartForConditionalGeneration

    torch.manual_seed(0)
    tok = train_tokenizer(chat=False)
    ids = _ids(tok)
    cfg = BartConfig(
        d_model=16, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2, decoder_attention_heads=2,
        encoder_ffn_dim=32, decoder_ffn_dim=32, max_position_embeddings=512,
        decoder_start_token_id=ids["eos_token_id"], forced_eos_token_id=None, **ids,
    )
    model = BartForConditionalGeneration(cfg)
    model.generation_config.forced_bos_token_id = None
    model.generation_config.no_repeat_ngram_size = 2
    model.save_pretrained(folder)
    tok.save_pretrained(folder)
    return folder


def build_llama(folder: Path, chat: bool = True, silent: bool = False) -> Path:
    """A tiny Llama; ``silent`` zeroes its output layer, so it can only ever emit token 0 (``<pad>``)."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    tok = train_tokenizer(chat=chat, max_length=4096)
    cfg = LlamaConfig(
        hidden_size=16, intermediate_size=32, num_hidden_layers=1, num_attention_heads=2,
        num_key_value_heads=1, max_position_embeddings=4096, tie_word_embeddings=False, **_ids(tok),
    )
    model = LlamaForCausalLM(cfg)
    if silent:
        with torch.no_grad():
            model.lm_head.weight.zero_()
    model.save_pretrained(folder)
    tok.save_pretrained(folder)
    return folder


def build_nli(folder: Path, labels: tuple[str, ...] = ("entailment", "neutral", "contradiction")) -> Path:
    import torch
    from transformers import BertConfig, BertForSequenceClassification

    torch.manual_seed(0)
    from tokenizers.processors import TemplateProcessing

    tok = train_tokenizer(chat=False)
    tok.cls_token, tok.sep_token = "[CLS]", "[SEP]"
    cls_id, sep_id = tok.convert_tokens_to_ids(["[CLS]", "[SEP]"])
    tok.backend_tokenizer.post_processor = TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1", special_tokens=[("[CLS]", cls_id), ("[SEP]", sep_id)],
    )
    cfg = BertConfig(
        vocab_size=len(tok), hidden_size=16, num_hidden_layers=1, num_attention_heads=2, intermediate_size=32,
        max_position_embeddings=512, pad_token_id=tok.pad_token_id,
        initializer_range=1.0,  # large random weights: outputs that differ from one sentence pair to the next
        id2label=dict(enumerate(labels)), label2id={l: i for i, l in enumerate(labels)},
    )
    model = BertForSequenceClassification(cfg)
    model.save_pretrained(folder)
    tok.save_pretrained(folder)
    return folder
