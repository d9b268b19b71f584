# Sourced by .ci/run. The integration tests reach RabbitMQ through Testcontainers: a Docker engine and RabbitMQ images
# built locally (no registry here). Ryuk is an image too, so it is off and the fixture removes its containers.
# The tests' broker is RabbitMQ 4.0 (Debian 13); the compatibility tests run on 3.10 (Debian 12) as well.
if [ -d tests/Brick.Worker.IntegrationTests ]; then
  bash deploy/ci/start-docker.sh
  bash deploy/rabbitmq/build-image.sh --suite trixie brick/rabbitmq4:local
  bash deploy/rabbitmq/build-image.sh --suite bookworm brick/rabbitmq:local
  export BRICK_TEST_RABBITMQ_IMAGE=brick/rabbitmq4:local
  export BRICK_TEST_RABBITMQ3_IMAGE=brick/rabbitmq:local
  export TESTCONTAINERS_RYUK_DISABLED=true
  # Debian's Docker 20.10 answers API 1.41 at most; Testcontainers 4.16 asks for 1.44 unless told.
  export DOCKER_API_VERSION=1.41
fi
