"""An SMTP server for tests: it records the messages it is given, and can hold the first
message it receives without answering, as a slow or hung mail relay would."""

import socketserver
import threading


class FakeSMTP:
    def __init__(self, hold_first=False):
        self.messages = []  # (recipients, message text)
        self.holding = threading.Event()  # a message is being held
        self.release = threading.Event()
        self._hold = hold_first
        outer = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                outer._converse(self.rfile, self.wfile)

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def _converse(self, rfile, wfile):
        def say(line):
            wfile.write(line.encode() + b"\r\n")
            wfile.flush()

        say("220 fake ESMTP")
        recipients = []
        while line := rfile.readline().decode(errors="replace").strip():
            verb = line.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                say("250 fake")
            elif verb == "RCPT":
                recipients.append(line.split(":", 1)[1].strip(" <>"))
                say("250 ok")
            elif verb == "DATA":
                say("354 go ahead")
                body = []
                while (part := rfile.readline().decode(errors="replace")) not in (".\r\n", ""):
                    body.append(part)
                if self._hold:
                    self._hold = False
                    self.holding.set()
                    self.release.wait(120)
                    return  # hang up without accepting it
                self.messages.append((recipients, "".join(body)))
                recipients = []
                say("250 queued")
            elif verb == "QUIT":
                say("221 bye")
                return
            else:
                say("250 ok")
