# syntax=docker/dockerfile:1
# wecomgw CLI (trigger, verify-url, rules check/test, dlq list/show/replay/purge). A one-shot tool: no port.
#   docker build -f deploy/docker/cli.Dockerfile -t wecomgw-cli .
#   docker run --rm --network <stack network> wecomgw-cli trigger contact-added --url http://receiver:8080 ...
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# .editorconfig too: analyzer severities with TreatWarningsAsErrors (Directory.Build.props) must match the repo build.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY contracts/WeComGateway.Contracts/WeComGateway.Contracts.csproj contracts/WeComGateway.Contracts/
COPY src/WeComGateway.Automation/WeComGateway.Automation.csproj src/WeComGateway.Automation/
COPY src/WeComGateway.Callbacks/WeComGateway.Callbacks.csproj src/WeComGateway.Callbacks/
COPY src/WeComGateway.Configuration/WeComGateway.Configuration.csproj src/WeComGateway.Configuration/
COPY src/WeComGateway.Operations/WeComGateway.Operations.csproj src/WeComGateway.Operations/
COPY src/WeComGateway.Cli/WeComGateway.Cli.csproj src/WeComGateway.Cli/
RUN dotnet restore src/WeComGateway.Cli/WeComGateway.Cli.csproj
COPY contracts/ contracts/
COPY src/ src/
RUN dotnet publish src/WeComGateway.Cli/WeComGateway.Cli.csproj -c Release -o /app --no-restore

# The CLI needs only the .NET runtime (no ASP.NET Core).
FROM mcr.microsoft.com/dotnet/runtime:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
USER $APP_UID
# No HEALTHCHECK: the container runs one command and exits.
HEALTHCHECK NONE
ENTRYPOINT ["dotnet", "wecomgw.dll"]
