"""Memory of served sessions: `quizapp serve` with N browser tabs (headless Chromium), each signed
in as its own student and studying, then the resident memory of every session process.

Target: a class of 30 fits in 4 GB (server included).
Run: python bench/bench_serve.py [--tabs 6] [--db URL]   (needs Debian's chromium)
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import target

CHROMIUM = "/usr/bin/chromium"


def memory_kib(pid: int) -> tuple[int, int]:
    """Resident and proportional set size of a process, in KiB (PSS shares libraries fairly)."""
    rss = next(int(line.split()[1]) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("VmRSS"))
    pss = next(int(line.split()[1]) for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
               if line.startswith("Pss:"))
    return rss, pss


def descendants(pid: int) -> list[int]:
    """Every process under `pid`."""
    out = subprocess.run(["ps", "-e", "-o", "pid=,ppid="], capture_output=True, text=True, check=True).stdout
    children: dict[int, list[int]] = {}
    for line in out.splitlines():
        child, parent = (int(v) for v in line.split())
        children.setdefault(parent, []).append(child)
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tabs", type=int, default=6)
    parser.add_argument("--db", help="a database URL (default: a new SQLite file)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from quizapp.collection import Collection
    from quizapp.store.database import Store
    from quizapp.store.importer import import_paths

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "class.db")
        store = Store.open(db)
        import_paths(store, [str(Path(__file__).resolve().parent.parent / "decks")])
        collection = Collection(store)
        names = [f"student-{n}" for n in range(args.tabs)]
        for name in names:
            if not collection.has_learner(name):
                collection.add_learner(name)
            collection.set_password(name, f"{name} passphrase")
        store.close()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen([sys.executable, "-m", "quizapp", "--db", db, "serve", "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            time.sleep(3)
            with sync_playwright() as playwright:
                chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                pages = []
                for name in names:
                    page = chromium.new_page(viewport={"width": 1280, "height": 800})
                    page.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded")
                    page.wait_for_timeout(4000)
                    page.click("#terminal")
                    page.keyboard.type(name, delay=20)
                    page.keyboard.press("Tab")
                    page.keyboard.type(f"{name} passphrase", delay=20)
                    page.keyboard.press("Enter")
                    page.wait_for_timeout(3000)
                    for key in ("Enter", "Space", "3", "Space", "3"):  # study two cards
                        page.keyboard.press(key)
                        page.wait_for_timeout(700)
                    pages.append(page)
                time.sleep(2)
                # Each tab's app process (textual-serve starts it through a shell, which is left out).
                sessions = [pid for pid in descendants(server.pid)
                            if Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[1:3] == [b"-m", b"quizapp.serve.session"]]
                sizes = [memory_kib(pid) for pid in sessions]
                server_rss, _pss = memory_kib(server.pid)
                chromium.close()
        finally:
            server.terminate()
            server.wait(20)
    if len(sizes) != args.tabs:
        print(f"expected {args.tabs} session processes, found {len(sizes)}")
        return 1
    rss = statistics.median(s[0] for s in sizes) / 1024
    pss = statistics.median(s[1] for s in sizes) / 1024
    fit = int((4096 - server_rss / 1024) // rss)
    print(f"{len(sizes)} served sessions: median {rss:.0f} MiB resident ({pss:.0f} MiB proportional) each; "
          f"server {server_rss / 1024:.0f} MiB; sessions in 4 GiB (by resident size): {fit}")
    return 0 if target("sessions_in_4gb", fit, 30, "", lower_is_better=False) else 1


if __name__ == "__main__":
    sys.exit(main())
