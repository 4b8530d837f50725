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

/// <summary>Internal: tests host the emulator through <c>AddWeComEmulator</c>/<c>MapWeComEmulator</c>, not this entry point.</summary>
internal partial class Program;
