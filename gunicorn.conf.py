"""gunicorn's settings (gunicorn reads ./gunicorn.conf.py by itself; `make serve` runs it here).

The access log goes to standard output, without query strings or Referer: both can carry a
searched name or number (config/gunicorn_logging.py cuts them whatever the format)."""

logger_class = "config.gunicorn_logging.Logger"
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
