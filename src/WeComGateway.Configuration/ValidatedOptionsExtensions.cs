using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace WeComGateway.Configuration;

/// <summary>The one way an options type is registered: bound from its section, validated at start-up.</summary>
public static class ValidatedOptionsExtensions
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to <paramref name="sectionPath"/> (from <paramref name="configuration"/>, or the
    /// host's <see cref="IConfiguration"/> when null) and validates it when the host starts — or, with
    /// <paramref name="validateOnStart"/> false (settings only some hosts use) and without a host, at the first
    /// <c>IOptions&lt;T&gt;.Value</c>: the DataAnnotations of every property — recursively into
    /// nested objects and list items whose types come from <typeparamref name="T"/>'s assembly, so a
    /// <c>[Required]</c> inside <c>WeCom:Suites:{i}</c> is checked — then <see cref="IValidatableOptions"/> where
    /// implemented. Every failure names the full key (<c>WeCom:Suites:0:EncodingAesKey must be …</c>), never a value.
    /// Calling it again for the same type and section changes nothing, so features may each ask for what they read.
    /// </summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(
        this IServiceCollection services, string sectionPath, IConfiguration? configuration = null, bool validateOnStart = true)
        where T : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionPath);
        var builder = services.AddOptions<T>();
        var registered = services
            .Select(d => d.ServiceType == typeof(OptionsSection<T>) ? d.ImplementationInstance as OptionsSection<T> : null)
            .FirstOrDefault(s => s is not null);
        if (registered is null)
        {
            services.AddSingleton(new OptionsSection<T>(sectionPath));
            services.TryAddSingleton(TimeProvider.System);
            services.AddSingleton<IValidateOptions<T>, SectionValidator<T>>();
            _ = configuration is null ? builder.BindConfiguration(sectionPath) : builder.Bind(configuration.GetSection(sectionPath));
        }
        else if (registered.Path != sectionPath)
        {
            throw new InvalidOperationException($"{typeof(T).Name} is bound to {registered.Path} already; it cannot also be bound to {sectionPath}.");
        }

        return validateOnStart ? builder.ValidateOnStart() : builder;
    }
}

/// <summary>The section an options type is bound to (one per type).</summary>
internal sealed record OptionsSection<T>(string Path);
