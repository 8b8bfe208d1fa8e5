"""genki's Bittensor weight submitter: the official SDK sets the weights genki computed.

Usage: bittensor_submit.py WEIGHTS_JSON --network NET --wallet-name NAME --wallet-hotkey HOTKEY
genki runs it as a subprocess with a timeout. It reads weights.json (schema
schemas/weights.schema.json), calls `Subtensor.set_weights` with the float weights (the SDK
normalises them exactly as genki's `emit` shows; commit-reveal is the SDK's business), and prints
one JSON line: {"ok": true, "message": ...} or {"ok": false, "error": KIND, "message": ...}
with KIND in rate_limit, no_permit, version_key, unreachable, rejected. Wallet secrets stay in the
SDK's wallet files: genki never reads them.
"""
import argparse
import json
import sys


def classify(message):
    text = message.lower()
    if "too soon" in text or "toofast" in text.replace(" ", "") or "rate limit" in text or "ratelimit" in text:
        return "rate_limit"
    if "permit" in text:
        return "no_permit"
    if "version" in text:
        return "version_key"
    return "rejected"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("weights")
    parser.add_argument("--network", required=True)
    parser.add_argument("--wallet-name", required=True)
    parser.add_argument("--wallet-hotkey", required=True)
    args = parser.parse_args()
    with open(args.weights) as f:
        doc = json.load(f)
    try:
        import bittensor as bt
    except ImportError as e:
        print(json.dumps({"ok": False, "error": "rejected", "message": f"bittensor SDK not installed: {e}"}))
        return 1
    try:
        subtensor = bt.Subtensor(network=args.network)
    except Exception as e:  # connection refused, DNS, TLS, handshake
        print(json.dumps({"ok": False, "error": "unreachable", "message": f"{type(e).__name__}: {e}"}))
        return 1
    try:
        wallet = bt.Wallet(name=args.wallet_name, hotkey=args.wallet_hotkey)
        uids = [e["uid"] for e in doc["entries"]]
        weights = [e["score"] for e in doc["entries"]]
        response = subtensor.set_weights(wallet=wallet, netuid=doc["netuid"], uids=uids, weights=weights,
                                         version_key=doc["version_key"])
        ok = bool(getattr(response, "success", response[0] if isinstance(response, tuple) else response))
        message = str(getattr(response, "message", response[1] if isinstance(response, tuple) else ""))
    except Exception as e:
        text = f"{type(e).__name__}: {e}"
        kind = "unreachable" if "connect" in text.lower() or "websocket" in text.lower() else classify(text)
        print(json.dumps({"ok": False, "error": kind, "message": text}))
        return 1
    if ok:
        print(json.dumps({"ok": True, "message": message}))
        return 0
    print(json.dumps({"ok": False, "error": classify(message), "message": message}))
    return 1


if __name__ == "__main__":
    sys.exit(main())
