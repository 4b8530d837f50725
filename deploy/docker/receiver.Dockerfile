# syntax=docker/dockerfile:1
# Receiver: WeCom callbacks (/wecom/*), /health/*, /metrics on port 8080. No admin API (that is the worker host's).
#   docker build -f deploy/docker/receiver.Dockerfile -t wecomgw-receiver .      (from the repo root)
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore layer: only the project files the receiver needs (its ProjectReference closure) plus the shared build props.
# .editorconfig too: analyzer severities with TreatWarningsAsErrors (Directory.Build.props) must match the repo build.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY contracts/WeComGateway.Contracts/WeComGateway.Contracts.csproj contracts/WeComGateway.Contracts/
COPY src/WeComGateway.Automation/WeComGateway.Automation.csproj src/WeComGateway.Automation/
COPY src/WeComGateway.Callbacks/WeComGateway.Callbacks.csproj src/WeComGateway.Callbacks/
COPY src/WeComGateway.Configuration/WeComGateway.Configuration.csproj src/WeComGateway.Configuration/
COPY src/WeComGateway.Storage/WeComGateway.Storage.csproj src/WeComGateway.Storage/
COPY src/WeComGateway.Hosting/WeComGateway.Hosting.csproj src/WeComGateway.Hosting/
COPY src/WeComGateway.Operations/WeComGateway.Operations.csproj src/WeComGateway.Operations/
COPY src/WeComGateway.Receiver/WeComGateway.Receiver.csproj src/WeComGateway.Receiver/
RUN dotnet restore src/WeComGateway.Receiver/WeComGateway.Receiver.csproj
COPY contracts/ contracts/
COPY src/ src/
RUN dotnet publish src/WeComGateway.Receiver/WeComGateway.Receiver.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# HEALTHCHECK needs an HTTP client and the aspnet image has none (no curl, no wget; `dotnet` cannot run a script).
# We add curl in one slim layer (no recommends, apt lists removed) so `docker compose` can gate depends_on on
# readiness. Kubernetes does not use it: the kubelet's httpGet probes need nothing in the image (deploy/k8s).
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_HTTP_PORTS=8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_ENVIRONMENT=Production
EXPOSE 8080
# The images' built-in non-root user `app` (UID 1654).
USER $APP_UID
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/health/ready >/dev/null || exit 1
ENTRYPOINT ["dotnet", "WeComGateway.Receiver.dll"]
