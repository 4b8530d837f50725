using System.Text.RegularExpressions;

namespace WeComGateway.Storage.Alerts;

/// <summary>
/// Who hears of a customer deleting an employee (删人提醒) in one corp: the employee who was deleted
/// (<c>employee</c>), or the corp's managers (<c>managers</c>); or nobody (<see cref="Enabled"/> false).
/// </summary>
public sealed record DeletionAlertSettings(bool Enabled, string Notify, IReadOnlyList<string> Managers)
{
    public const string Employee = "employee";
    public const string ManagersOnly = "managers";
    public const int MaxManagers = 20;

    private static readonly Regex UserIdPattern = new("^[A-Za-z0-9_.@-]{1,64}$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    /// <summary>Every problem, each naming its field; empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Notify is not (Employee or ManagersOnly))
        {
            errors.Add($"notify: '{Employee}' or '{ManagersOnly}'");
        }

        var managers = Managers ?? [];
        if (managers.Count > MaxManagers || managers.Any(m => m is null || !UserIdPattern.IsMatch(m)))
        {
            errors.Add($"managers: at most {MaxManagers} WeCom userids");
        }

        if (Notify == ManagersOnly && managers.Count == 0)
        {
            errors.Add("managers: at least one when notify is 'managers'");
        }

        return errors;
    }
}

/// <summary>
/// The corp's deletion-alert settings, a JSON string at <c>wecomgw:{corpId}:alerts:deletion</c> (removed with the
/// corp); written only while the corp holds a grant. Redis failures throw <see cref="StoreUnavailableException"/>.
/// </summary>
public interface IDeletionAlertSettingsStore
{
    /// <summary>The stored settings, or null when the corp never set any (the deployment's default applies).</summary>
    Task<DeletionAlertSettings?> GetAsync(string corpId, CancellationToken cancellationToken);

    /// <summary>False, storing nothing, when the corp holds no grant.</summary>
    Task<bool> SaveAsync(string corpId, DeletionAlertSettings settings, CancellationToken cancellationToken);
}
