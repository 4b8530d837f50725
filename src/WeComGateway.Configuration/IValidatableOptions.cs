namespace WeComGateway.Configuration;

/// <summary>
/// The rules of an options type that attributes cannot state: settings that depend on each other or on the time.
/// <see cref="ValidatedOptionsExtensions.AddValidatedOptions{T}"/> calls it on the bound object and on every nested
/// object or list item that implements it, after their DataAnnotations, with the full key of that object.
/// </summary>
public interface IValidatableOptions
{
    void Validate(OptionsValidationContext context);
}
