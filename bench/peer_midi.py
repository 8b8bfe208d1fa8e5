#!/usr/bin/env python3
"""Peers for `make bench`: parse MIDI files with symusic or mido and count notes.

Usage: peer_midi.py symusic|mido FILE...
Prints "<cpu seconds> <notes>" for the best of three parsing passes (interpreter start-up and
imports excluded), as the Swift side is timed.
"""
import sys
import time


def parse_symusic(files):
    import symusic

    notes = 0
    for path in files:
        score = symusic.Score(path)
        notes += sum(len(track.notes) for track in score.tracks)
    return notes


def parse_mido(files):
    import mido

    notes = 0
    for path in files:
        midi = mido.MidiFile(path)
        for track in midi.tracks:
            for msg in track:
                if msg.type == "note_on" and msg.velocity > 0:
                    notes += 1
    return notes


def main() -> int:
    tool, files = sys.argv[1], sys.argv[2:]
    parse = {"symusic": parse_symusic, "mido": parse_mido}.get(tool)
    if parse is None:
        raise SystemExit(f"unknown tool {tool}")
    passes = 3 if tool == "symusic" else 1  # mido is slow enough that one pass is stable
    best, notes = float("inf"), 0
    for _ in range(passes):
        start = time.process_time()
        notes = parse(files)
        best = min(best, time.process_time() - start)
    print(f"{best:.6f} {notes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
