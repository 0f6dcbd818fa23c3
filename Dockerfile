# The Qinglang worker image: `docker build -t qinglang-worker .` (docker-compose.yml builds it).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md constraints.txt ./
COPY enforcement ./enforcement
COPY streams ./streams
COPY schemas ./schemas
RUN pip install --no-cache-dir -c constraints.txt .
USER nobody
EXPOSE 6066
ENTRYPOINT ["qinglang"]
CMD ["worker"]
