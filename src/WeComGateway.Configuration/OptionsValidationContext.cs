namespace WeComGateway.Configuration;

/// <summary>
/// Where an <see cref="IValidatableOptions"/> object sits in configuration (<see cref="Path"/>, e.g.
/// <c>WeCom:Suites:0</c>), the time, and the list its problems go to. A problem names settings, never their values.
/// </summary>
public sealed class OptionsValidationContext
{
    private readonly List<string> _failures;

    internal OptionsValidationContext(string path, TimeProvider time, List<string> failures)
    {
        Path = path;
        Time = time;
        _failures = failures;
    }

    /// <summary>The full configuration key of the object being validated.</summary>
    public string Path { get; }

    /// <summary>The host's clock (rules such as "at most 30 days from now" read it).</summary>
    public TimeProvider Time { get; }

    /// <summary>The full key of one of this object's settings: <c>{Path}:{setting}</c>.</summary>
    public string Key(string setting) => $"{Path}:{setting}";

    /// <summary>Reports <c>{Path}:{setting} {problem}</c>, e.g. <c>WeCom:Suites:0:Token must be …</c>.</summary>
    public void Problem(string setting, string problem) => _failures.Add($"{Key(setting)} {problem}");

    /// <summary>Reports a problem worded in full (use <see cref="Key"/> for every setting it names).</summary>
    public void Problem(string message) => _failures.Add(message);
}
