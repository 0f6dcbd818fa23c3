"""Observability: Prometheus metrics, structured logs and `qinglang top`."""
