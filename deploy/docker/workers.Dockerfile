# syntax=docker/dockerfile:1
# Worker host: authorization, customer automation, welcome messages; serves /health/* and /metrics on port 5081.
#   docker build -f deploy/docker/workers.Dockerfile -t wecomgw-workers .      (from the repo root)
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore layer: only the project files the workers need (their ProjectReference closure) plus the shared build props.
# .editorconfig too: analyzer severities with TreatWarningsAsErrors (Directory.Build.props) must match the repo build.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY contracts/WeComGateway.Contracts/WeComGateway.Contracts.csproj contracts/WeComGateway.Contracts/
COPY src/WeComGateway.Automation/WeComGateway.Automation.csproj src/WeComGateway.Automation/
COPY src/WeComGateway.Callbacks/WeComGateway.Callbacks.csproj src/WeComGateway.Callbacks/
COPY src/WeComGateway.Configuration/WeComGateway.Configuration.csproj src/WeComGateway.Configuration/
COPY src/WeComGateway.Storage/WeComGateway.Storage.csproj src/WeComGateway.Storage/
COPY src/WeComGateway.WeComApi/WeComGateway.WeComApi.csproj src/WeComGateway.WeComApi/
COPY src/WeComGateway.Hosting/WeComGateway.Hosting.csproj src/WeComGateway.Hosting/
COPY src/WeComGateway.Operations/WeComGateway.Operations.csproj src/WeComGateway.Operations/
COPY src/WeComGateway.Admin/WeComGateway.Admin.csproj src/WeComGateway.Admin/
COPY src/WeComGateway.Workers/WeComGateway.Workers.csproj src/WeComGateway.Workers/
RUN dotnet restore src/WeComGateway.Workers/WeComGateway.Workers.csproj
COPY contracts/ contracts/
COPY src/ src/
RUN dotnet publish src/WeComGateway.Workers/WeComGateway.Workers.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# HEALTHCHECK needs an HTTP client and the aspnet image has none (no curl, no wget; `dotnet` cannot run a script).
# We add curl in one slim layer so `docker compose` can gate on readiness; Kubernetes uses httpGet probes instead.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# The documented port 5081, as the host's appsettings.json (HTTP_PORTS) says too; ASPNETCORE_URLS / --urls override it.
ENV ASPNETCORE_HTTP_PORTS=5081 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_ENVIRONMENT=Production
EXPOSE 5081
USER $APP_UID
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -fsS http://127.0.0.1:5081/health/ready >/dev/null || exit 1
ENTRYPOINT ["dotnet", "WeComGateway.Workers.dll"]
