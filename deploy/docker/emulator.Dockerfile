# syntax=docker/dockerfile:1
# WeCom emulator: the WeCom open API paths under /cgi-bin/ and a page at /, on port 8080 (service `wecom-emulator`).
# For local stacks and tests only — never deploy it next to production workers.
#   docker build -f deploy/docker/emulator.Dockerfile -t wecom-emulator .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# .editorconfig too: analyzer severities with TreatWarningsAsErrors (Directory.Build.props) must match the repo build.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
# The emulator's ProjectReference closure is not fixed yet, so the restore layer takes every project file under
# src/ and contracts/ (a restore of the emulator project only reads the ones it references). Tighten to an
# explicit list like receiver.Dockerfile once the project settles.
COPY contracts/ contracts/
COPY src/ src/
RUN dotnet restore src/WeComGateway.Emulator/WeComGateway.Emulator.csproj
RUN dotnet publish src/WeComGateway.Emulator/WeComGateway.Emulator.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# curl for the HEALTHCHECK (the aspnet image has no HTTP client); see receiver.Dockerfile.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# The emulator's Program.cs binds http://127.0.0.1:5090 unless `urls` is set, and ASPNETCORE_HTTP_PORTS is not
# `urls`: without ASPNETCORE_URLS it would listen on the container's loopback only. Clear the image's HTTP_PORTS so
# Kestrel does not warn about overriding it.
ENV ASPNETCORE_HTTP_PORTS= \
    ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
USER $APP_UID
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/ >/dev/null || exit 1
ENTRYPOINT ["dotnet", "WeComGateway.Emulator.dll"]
