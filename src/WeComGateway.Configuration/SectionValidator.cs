using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace WeComGateway.Configuration;

/// <summary>Runs the DataAnnotations and <see cref="IValidatableOptions"/> rules of a bound options object, naming full keys.</summary>
internal sealed class SectionValidator<T>(OptionsSection<T> section, TimeProvider time) : IValidateOptions<T>
    where T : class
{
    private const int MaxDepth = 8;

    public ValidateOptionsResult Validate(string? name, T options)
    {
        if (name is not null && name != Options.DefaultName)
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        Walk(options, section.Path, failures, depth: 0);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void Walk(object value, string path, List<string> failures, int depth)
    {
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanRead || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var key = $"{path}:{property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name}";
            var propertyValue = property.GetValue(value);
            var context = new ValidationContext(value) { MemberName = property.Name, DisplayName = key };
            foreach (var attribute in property.GetCustomAttributes<ValidationAttribute>())
            {
                if (attribute.GetValidationResult(propertyValue, context) is { ErrorMessage: { } message })
                {
                    failures.Add(message);
                }
            }

            if (propertyValue is not null && depth < MaxDepth)
            {
                WalkNested(propertyValue, key, failures, depth + 1);
            }
        }

        if (value is IValidatableOptions rules)
        {
            rules.Validate(new OptionsValidationContext(path, time, failures));
        }
    }

    private void WalkNested(object value, string key, List<string> failures, int depth)
    {
        if (IsOurs(value.GetType()))
        {
            Walk(value, key, failures, depth);
        }
        else if (value is IEnumerable items and not string)
        {
            var index = 0;
            foreach (var item in items)
            {
                if (item is not null && IsOurs(item.GetType()))
                {
                    Walk(item, $"{key}:{index}", failures, depth);
                }

                index++;
            }
        }
    }

    /// <summary>Nested options are classes of the options type's own assembly; framework values are leaves.</summary>
    private static bool IsOurs(Type type) => type.IsClass && type.Assembly == typeof(T).Assembly;
}
