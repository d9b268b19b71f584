# Sourced by .ci/run. The integration tests reach RabbitMQ through Testcontainers: a Docker engine and a RabbitMQ
# image built locally (no registry here). Ryuk is an image too, so it is off and the fixture removes its containers.
if [ -d tests/Brick.Worker.IntegrationTests ]; then
  bash deploy/ci/start-docker.sh
  bash deploy/rabbitmq/build-image.sh brick/rabbitmq:local
  export BRICK_TEST_RABBITMQ_IMAGE=brick/rabbitmq:local
  export TESTCONTAINERS_RYUK_DISABLED=true
  # Debian's Docker 20.10 answers API 1.41 at most; Testcontainers 4.16 asks for 1.44 unless told.
  export DOCKER_API_VERSION=1.41
fi
