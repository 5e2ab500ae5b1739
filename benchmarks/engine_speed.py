"""Speed and memory of the answer engine; prints the figures the README quotes.

- latency p50/p99 and throughput over 10,000+ questions in one process, on the real base
  and on a generated base of 10,000 entries (to show how cost grows);
- the reference cost in the same run: jieba segmentation plus one rapidfuzz pass over every
  phrasing of the base, per question, and the engine's cost as a multiple of it;
- cold start: wall time of `trainbot ask "…"` from launch to its answer (median of 5);
- peak RSS of a `trainbot ask --json` process answering 10,000 questions from stdin.
Run: python benchmarks/engine_speed.py
"""

from __future__ import annotations

import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from knowledge.engine import AnswerEngine
from knowledge.evaluation import load_labelled
from knowledge.normalise import normalise

ROOT = Path(__file__).resolve().parent.parent
N_QUESTIONS = 10_000


def questions(engine: AnswerEngine) -> list[str]:
    files = ("dev_questions.tsv", "heldout_questions.tsv", "questions/dev.tsv")
    base = [i.question for f in files for i in load_labelled(ROOT / "tests" / f, engine)]
    rng = random.Random(7)
    out = []
    while len(out) < N_QUESTIONS:
        q = rng.choice(base)
        out.append(q if rng.random() < 0.5 else q + rng.choice(["", "?", "呢", " 謝謝", "嗎"]))
    return out


def latency(engine: AnswerEngine, qs: list[str]) -> tuple[float, float, float]:
    times = []
    start = time.perf_counter()
    for q in qs:
        t0 = time.perf_counter()
        engine.ask(q)
        times.append(time.perf_counter() - t0)
    total = time.perf_counter() - start
    times.sort()
    p50 = times[len(times) // 2] * 1000
    p99 = times[int(len(times) * 0.99)] * 1000
    return p50, p99, len(qs) / total


def generated_kb(engine: AnswerEngine, directory: Path, size: int = 10_000) -> None:
    """A base of `size` entries built from the real vocabulary, so postings are realistic."""
    rng = random.Random(11)
    vocab = sorted(t for t in engine.ranker.index.idf
                   if len(t) > 1 and not t.isascii() and not t.startswith("#"))
    entries = []
    for i in range(size):
        words = rng.sample(vocab, 7)
        entries.append({
            "id": f"gen-{i}",
            "question": "".join(words[:4]) + f"第{i}題？",
            "alternates": ["".join(words[2:6]) + f"之{i}"],
            "keywords": words[4:7],
            "answer": f"{i}：生成的測試答案。",
            "source": {"document": "生成", "clause": str(i)},
            "edition": "plan104",
        })
    for start in range(0, size, 1000):
        path = directory / f"gen-{start // 1000:02d}.yaml"
        path.write_text(yaml.safe_dump({"topic": f"生成{start // 1000}",
                                        "entries": entries[start:start + 1000]},
                                       allow_unicode=True), encoding="utf-8")


def reference(engine: AnswerEngine, qs: list[str]) -> float:
    """Mean ms per question of jieba plus one rapidfuzz pass over all the base's phrasings."""
    phrasings = [" ".join(engine.segmenter.segment(normalise(q)))
                 for e in engine.kb.entries for q in e.questions]
    start = time.perf_counter()
    for q in qs:
        text = " ".join(engine.segmenter.segment(normalise(q)))
        process.extractOne(text, phrasings, scorer=fuzz.ratio)
    return (time.perf_counter() - start) / len(qs) * 1000


def cold_start() -> float:
    exe = shutil.which("trainbot") or sys.executable
    cmd = [exe, "ask", "留職停薪進修最長多久"] if exe.endswith("trainbot") else [
        sys.executable, "-m", "bot", "ask", "留職停薪進修最長多久"]
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def peak_rss_mb(qs: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([sys.executable, "-m", "bot", "ask", "--json"], input="\n".join(qs),
                   text=True, check=True, capture_output=True, cwd=ROOT)
    return max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def main() -> None:
    t0 = time.perf_counter()
    engine = AnswerEngine.load()
    load_s = time.perf_counter() - t0
    qs = questions(engine)
    for q in qs[:200]:  # warm caches as a running bot would be
        engine.ask(q)
    p50, p99, qps = latency(engine, qs)
    print(f"real base ({len(engine.kb)} entries): load {load_s:.2f} s, {len(qs)} questions: "
          f"p50 {p50:.3f} ms, p99 {p99:.3f} ms, {qps:,.0f} questions/s")
    ref = reference(engine, qs)
    mean = 1000 / qps
    print(f"reference, jieba + one rapidfuzz pass over {sum(len(e.questions) for e in engine.kb.entries)} "
          f"phrasings: {ref:.3f} ms/question; engine mean {mean:.3f} ms = {mean / ref:.2f}x")
    print(f"cold start `trainbot ask` to first answer: {cold_start():.2f} s (median of 5)")
    print(f"peak RSS answering {len(qs)} questions via stdin: {peak_rss_mb(qs):.0f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        generated_kb(engine, Path(tmp))
        t0 = time.perf_counter()
        big = AnswerEngine.load(Path(tmp))
        big_load = time.perf_counter() - t0
        p50, p99, qps = latency(big, qs)
        print(f"generated base ({len(big.kb)} entries): load {big_load:.1f} s, "
              f"p50 {p50:.3f} ms, p99 {p99:.3f} ms, {qps:,.0f} questions/s, "
              f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
