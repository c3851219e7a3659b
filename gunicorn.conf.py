"""gunicorn's settings (gunicorn reads ./gunicorn.conf.py by itself; `make serve` runs it here).

Sized for the pages, not the imports: every long piece of work (imports, deduplication runs,
registration checks) runs in `manage.py corridor_worker`, so a request that takes more than a few
seconds is a fault. Each setting can be changed by its environment variable.

The access log goes to standard output, without query strings or Referer: both can carry a
searched name or number (config/gunicorn_logging.py cuts them whatever the format)."""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Two processes per core and one more (gunicorn's advice), each with a few threads: most of a
# request's time is spent waiting for the database, and threads share one process's memory (the
# tracing index is held once per process).
workers = int(os.environ.get("WEB_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
# Pages answer in milliseconds to a few seconds at 1,000,000 people (bench/results/: a tracing
# search's p95 is 30 ms once the process holds the index); the first tracing search of a process
# builds the index, the slowest request there is. 60 s leaves room for it on a loaded machine
# and still ends a stuck request.
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Each process is replaced after about a thousand requests (staggered): memory a long-running
# process gathers (caches, fragmentation) is given back without a restart.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "1000"))
max_requests_jitter = 100
# The application (Django, its apps and the engines they import) is loaded once, before the
# processes are forked: start-up is paid once and the loaded code is shared between them.
preload_app = True
# Requests are cut at the limits of a sane page (the uploads' own limits are in settings).
limit_request_line = 8190
limit_request_fields = 100

logger_class = "config.gunicorn_logging.Logger"
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
