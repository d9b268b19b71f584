# Sourced by .ci/run. tests/Brick.Deploy.Tests build the container image, bring docker-compose.yml up (with Debian 12's
# `docker-compose` 1.29 and with `docker compose` v2), load the RabbitMQ definitions, build and install the Debian
# package (in a Debian container) and verify the systemd unit.
# No registry is reachable here: the RabbitMQ image and stand-ins for Microsoft's .NET base images are built locally
# (debootstrap from the machine's Debian mirror; the SDK image carries the machine's own SDK), each cached by the
# hash of its inputs, and handed to the tests through BRICK_* variables.
if [ -d tests/Brick.Deploy.Tests ]; then
  deploy_started=$SECONDS
  deploy_missing=()
  command -v systemd-analyze >/dev/null || deploy_missing+=(systemd)
  command -v dpkg-deb >/dev/null || deploy_missing+=(dpkg)
  bash deploy/ci/start-docker.sh
  # After the engine: docker-compose only recommends docker.io, which start-docker.sh installs where it is missing.
  command -v docker-compose >/dev/null || deploy_missing+=(docker-compose)
  if [ ${#deploy_missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${deploy_missing[@]}"
  fi
  # Compose v2 beside it: the `docker compose` plugin from Debian 13's package (the machine's apt sources stay Debian
  # 12's); the compose test brings the stack up with each.
  bash deploy/ci/install-compose-v2.sh
  echo "deploy setup: tools ready at $((SECONDS - deploy_started)) s"
  # RabbitMQ 4.0 (Debian 13), as for the integration tests (10-docker-rabbitmq.sh): the compose stack, the definitions
  # and the systemd/Debian tests run their broker on it.
  bash deploy/rabbitmq/build-image.sh --suite trixie brick/rabbitmq4:local
  export BRICK_TEST_RABBITMQ_IMAGE=brick/rabbitmq4:local
  bash deploy/docker/build-base-images.sh brick/dotnet-runtime-deps:local brick/dotnet-sdk:local >/dev/null
  export BRICK_DOTNET_RUNTIME_DEPS_IMAGE=brick/dotnet-runtime-deps:local BRICK_DOTNET_SDK_IMAGE=brick/dotnet-sdk:local
  echo "deploy setup: base images ready at $((SECONDS - deploy_started)) s"
fi
