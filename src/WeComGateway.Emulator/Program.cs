using WeComGateway.Emulator;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddWeComEmulator();
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5090"); // ASPNETCORE_URLS / --urls win
}

var app = builder.Build();
app.MapWeComEmulator();
app.Run();

/// <summary>The emulator host; public for WebApplicationFactory.</summary>
internal partial class Program;
