"""Offline tools that need no broker: `qinglang detect` and `qinglang policy diff`."""
