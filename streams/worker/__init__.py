"""The worker: the Faust app, its agents, the record processor, the sink, the registry follower and lag."""
