# Sourced by .ci/run. The sample control-plane tests (examples/ControlPlane.Tests) start brick-worker in a container
# through Brick.Worker.Testcontainers: build brick/worker:local from this tree with deploy/docker/Dockerfile, on the
# local base images of 30-deploy.sh (built here too if that step did not run). Docker's build cache is keyed by the
# content of the files each step copies in, so the image always holds the code of this checkout: a changed file under
# src/ rebuilds from its COPY on, an unchanged tree reuses every layer.
if [ -d examples/ControlPlane.Tests ]; then
  bash deploy/ci/start-docker.sh
  if [ -z "${BRICK_DOTNET_SDK_IMAGE:-}" ] || [ -z "${BRICK_DOTNET_RUNTIME_DEPS_IMAGE:-}" ]; then
    bash deploy/docker/build-base-images.sh brick/dotnet-runtime-deps:local brick/dotnet-sdk:local >/dev/null
    export BRICK_DOTNET_RUNTIME_DEPS_IMAGE=brick/dotnet-runtime-deps:local BRICK_DOTNET_SDK_IMAGE=brick/dotnet-sdk:local
  fi
  if [ -z "${BRICK_TEST_RABBITMQ_IMAGE:-}" ]; then
    bash deploy/rabbitmq/build-image.sh --suite trixie brick/rabbitmq4:local
    export BRICK_TEST_RABBITMQ_IMAGE=brick/rabbitmq4:local
  fi
  worker_image_started=$SECONDS
  docker build -q -f deploy/docker/Dockerfile \
    --build-arg SDK_IMAGE="$BRICK_DOTNET_SDK_IMAGE" --build-arg RUNTIME_DEPS_IMAGE="$BRICK_DOTNET_RUNTIME_DEPS_IMAGE" \
    --label "org.opencontainers.image.revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)" \
    -t brick/worker:local . >/dev/null
  export BRICK_WORKER_IMAGE=brick/worker:local
  export TESTCONTAINERS_RYUK_DISABLED=true
  echo "worker image: $BRICK_WORKER_IMAGE built from this tree in $((SECONDS - worker_image_started)) s"
fi
