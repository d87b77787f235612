"""gunicorn settings for the app servers: `gunicorn -c gunicorn.conf.py config.wsgi` (docs/deploy.md).

Everything a server may need to change comes from the environment, so one file serves every host.
"""

import multiprocessing
import os

# Where nginx reaches this server. Loopback when nginx runs on the same host; a private address otherwise.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Synchronous workers: the pages are short database reads and writes. Two per CPU plus one is gunicorn's
# advice; threads let a worker overlap the database round-trips of a few requests.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
worker_class = "gthread" if threads > 1 else "sync"

# A slow import or bulletin export may take a while; anything longer is a stuck worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5

# Restart workers now and then, so that a slow leak never takes a server down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = 200

# Both logs on stdout/stderr: systemd's journal keeps them. The access log carries the request id the app
# returns, so it matches the app's own line for the request.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}o)s "%(a)s"'

# Only nginx talks to gunicorn; it sets X-Forwarded-Proto, which Django trusts (SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Each worker loads the app itself, so `systemctl reload bureau` (HUP) brings in upgraded code without
# dropping a request.
preload_app = False

# gunicorn 24+ opens a control socket in the home folder; the service account has none, and nothing uses it.
control_socket_disable = True
