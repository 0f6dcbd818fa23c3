"""The local development stack (Kafka and Redis on 127.0.0.1, a worker process to watch, the demo).

Never imported by the worker: only `qinglang services`, `qinglang demo`, the tests and the benchmarks use it.
"""
