#!/usr/bin/env python3
"""Click a govgraph HTML page in headless Chromium, as a user would.

Usage: cdp_click.py PAGE.html [--node ID] [--edges K,K,...] [--search TEXT] [--shot FILE]

Starts Chromium with the DevTools protocol, opens the page, and sends real
mouse events (Input.dispatchMouseEvent) at the on-screen position of a node
or an edge, zooming in with the mouse wheel when something else lies on top.
Prints JSON: for --node, the ids of the focused and highlighted nodes and the
URL hash; for --edges, the first edge that could be clicked and the panel
text it showed; for --search, the ids marked as matches after typing.
Standard library only (a small WebSocket client is below).
"""
import argparse
import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--window-size=1280,800", "--remote-debugging-port=0",
]


class WebSocket:
    """Just enough of RFC 6455 for the DevTools protocol: text frames."""

    def __init__(self, url):
        rest = url.split("://", 1)[1]
        hostport, path = rest.split("/", 1)
        host, port = hostport.split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\n"
             f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        reply = b""
        while b"\r\n\r\n" not in reply:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise SystemExit("DevTools closed the connection during the handshake")
            reply += chunk
        if b" 101 " not in reply.split(b"\r\n", 1)[0]:
            raise SystemExit(f"DevTools refused the WebSocket: {reply[:200]!r}")
        self.buffer = reply.split(b"\r\n\r\n", 1)[1]

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise SystemExit("DevTools closed the connection")
            self.buffer += chunk
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def send(self, text):
        payload = text.encode()
        n = len(payload)
        if n < 126:
            header = struct.pack("!BB", 0x81, 0x80 | n)
        elif n < 65536:
            header = struct.pack("!BBH", 0x81, 0x80 | 126, n)
        else:
            header = struct.pack("!BBQ", 0x81, 0x80 | 127, n)
        mask = os.urandom(4)
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def recv(self):
        message = b""
        while True:
            first, second = self._read(2)
            n = second & 0x7F
            if n == 126:
                (n,) = struct.unpack("!H", self._read(2))
            elif n == 127:
                (n,) = struct.unpack("!Q", self._read(8))
            mask = self._read(4) if second & 0x80 else None
            payload = self._read(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            opcode = first & 0x0F
            if opcode == 8:
                raise SystemExit("DevTools closed the WebSocket")
            if opcode == 9:  # ping
                continue
            message += payload
            if first & 0x80:
                return message.decode()


class Page:
    def __init__(self, ws):
        self.ws, self.next_id = ws, 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise SystemExit(f"{method}: {msg['error']}")
                return msg["result"]

    def eval(self, expression):
        r = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in r:
            raise SystemExit(f"page error: {r['exceptionDetails']}")
        return r["result"].get("value")

    def mouse(self, kind, x, y, **extra):
        self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, **extra)

    def click(self, x, y):
        self.mouse("mouseMoved", x, y)
        self.mouse("mousePressed", x, y, button="left", clickCount=1)
        self.mouse("mouseReleased", x, y, button="left", clickCount=1)
        time.sleep(0.1)


def start(page_path, profile):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise SystemExit("chromium is not installed: run scripts/setup-tests.sh (apt-get install chromium)")
    proc = subprocess.Popen([chromium, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port_file = Path(profile) / "DevToolsActivePort"
    for _ in range(300):
        if port_file.exists() and port_file.read_text().strip():
            break
        if proc.poll() is not None:
            raise SystemExit(f"chromium exited with {proc.returncode}")
        time.sleep(0.1)
    port = port_file.read_text().split()[0]
    targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=30))
    target = next(t for t in targets if t.get("type") == "page")
    page = Page(WebSocket(target["webSocketDebuggerUrl"]))
    page.call("Page.enable")
    page.call("Page.navigate", url=Path(page_path).resolve().as_uri())
    for _ in range(300):
        if page.eval("document.documentElement && document.documentElement.getAttribute('data-ready')") == "true":
            return proc, page
        time.sleep(0.1)
    raise SystemExit("the page never finished its layout (no data-ready attribute)")


# Screen point of an element's centre, and whether a click there reaches it.
LOCATE = """(() => {
  const el = %s;
  if (!el) return null;
  let x, y;
  if (el.tagName === 'line') {
    const m = el.getScreenCTM();
    const p = new DOMPoint((+el.getAttribute('x1') + +el.getAttribute('x2')) / 2,
                           (+el.getAttribute('y1') + +el.getAttribute('y2')) / 2).matrixTransform(m);
    x = p.x; y = p.y;
  } else {
    const r = el.getBoundingClientRect();
    x = r.x + r.width / 2; y = r.y + r.height / 2;
  }
  const top = document.elementFromPoint(x, y);
  return {x: x, y: y, hits: !!top && (top === el || el.contains(top) || top.closest('.node') === el)};
})()"""


def reach(page, selector_js):
    """Show the whole graph (the Fit button), then zoom in at the element
    with the mouse wheel until a click at its centre reaches it."""
    fit = page.eval(LOCATE % "document.getElementById('fit')")
    page.click(fit["x"], fit["y"])
    for _ in range(8):
        spot = page.eval(LOCATE % selector_js)
        if spot is None:
            return None
        if spot["hits"] and 0 < spot["x"] < 930 and 0 < spot["y"] < 800:
            return spot
        x = min(max(spot["x"], 1), 930)
        y = min(max(spot["y"], 1), 799)
        page.mouse("mouseWheel", x, y, deltaX=0, deltaY=-400)
        time.sleep(0.1)
    return None


STATE = """(() => ({
  focus: [...document.querySelectorAll('.node.focus')].map(g => g.dataset.id),
  nb: [...document.querySelectorAll('.node.nb')].map(g => g.dataset.id),
  match: [...document.querySelectorAll('.node.match')].map(g => g.dataset.id),
  selected: [...document.querySelectorAll('.edge.selected')].map(l => +l.dataset.k),
  hash: decodeURIComponent(location.hash),
  info: document.getElementById('info').innerText,
}))()"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("page")
    ap.add_argument("--node")
    ap.add_argument("--edges", default="")
    ap.add_argument("--search")
    ap.add_argument("--shot")
    args = ap.parse_args()
    profile = tempfile.mkdtemp(prefix="govgraph-chromium-")
    proc = None
    try:
        proc, page = start(args.page, profile)
        out = {}
        if args.node is not None:
            sel = "document.querySelector('.node[data-id=\"' + CSS.escape(%s) + '\"]')" % json.dumps(args.node)
            spot = reach(page, sel)
            if spot is None:
                raise SystemExit(f"node {args.node} cannot be clicked on screen")
            page.click(spot["x"], spot["y"])
            out["node"] = page.eval(STATE)
        for k in [int(v) for v in args.edges.split(",") if v]:
            page.click(2, 2)  # the background: clears any focus
            spot = reach(page, f"document.querySelector('.hit[data-k=\"{k}\"]')")
            if spot is None:
                continue
            page.click(spot["x"], spot["y"])
            out["edge"] = dict(page.eval(STATE), k=k)
            break
        if args.search is not None:
            page.click(2, 2)
            page.eval("document.getElementById('search').focus()")
            page.call("Input.insertText", text=args.search)
            time.sleep(0.1)
            out["search"] = page.eval(STATE)
        if args.shot:
            shot = page.call("Page.captureScreenshot", format="png")
            Path(args.shot).write_bytes(base64.b64decode(shot["data"]))
        print(json.dumps(out, ensure_ascii=False))
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
