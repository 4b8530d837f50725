using System.Text.RegularExpressions;

namespace WeComGateway.Storage.Leads;

public enum LeadStatus
{
    /// <summary>Waiting in the pool for an employee (new, or returned after a timeout).</summary>
    Pooled,

    /// <summary>Given to <see cref="Lead.Assignee"/> until <see cref="Lead.Deadline"/>.</summary>
    Assigned,

    /// <summary>The customer was added: <see cref="Lead.ConvertedBy"/>, <see cref="Lead.ExternalUserId"/>.</summary>
    Converted,

    /// <summary>Every employee had the lead once and none converted it: out of the pool (a later add still converts it).</summary>
    Exhausted,
}

/// <summary>
/// One imported lead (批量加好友) of one corp. <see cref="Phone"/> is personal data: it stays in the corp's storage
/// (removed with the corp) and leaves it only masked. <see cref="ToString"/> masks it.
/// </summary>
/// <param name="Attempt">How many times the lead was assigned (1 for the first employee); an assignment is (lead, attempt).</param>
/// <param name="Tried">Employees who had the lead and let it time out, in order.</param>
/// <param name="Reminded">The current assignment's reminder went out (or was given up on).</param>
public sealed record Lead(
    string LeadId,
    string Phone,
    string Name,
    string Source,
    IReadOnlyList<string> Tags,
    LeadStatus Status,
    DateTimeOffset ImportedAt,
    int Attempt,
    string? Assignee,
    DateTimeOffset? AssignedAt,
    DateTimeOffset? Deadline,
    bool Reminded,
    IReadOnlyList<string> Tried,
    DateTimeOffset? ConvertedAt,
    string? ConvertedBy,
    string? ExternalUserId)
{
    public override string ToString() => $"Lead {{ LeadId = {LeadId}, Status = {Status}, Source = {Source}, Attempt = {Attempt}, Assignee = {Assignee} }}";
}

/// <summary>A lead to import: the phone already normalized (see <c>PhoneNumbers.Normalize</c>).</summary>
public sealed record NewLead(string Phone, string Name, string Source, IReadOnlyList<string> Tags)
{
    public override string ToString() => $"NewLead {{ Name = {Name}, Source = {Source} }}";
}

/// <param name="LeadIds">One per lead given, in order: the new lead's id, or for a phone already in the pool that lead's id.</param>
public sealed record LeadImportResult(int Imported, int Duplicates, IReadOnlyList<string> LeadIds);

/// <summary>The rotation position and today's counts per employee, read at <see cref="Version"/> (every assignment bumps it).</summary>
public sealed record LeadAssignmentState(long Version, long Cursor, IReadOnlyDictionary<string, int> AssignedToday);

public enum LeadAssignResult
{
    Assigned,

    /// <summary>Another assignment happened since the state was read: read again, decide again.</summary>
    Conflict,

    /// <summary>The lead is not in the pool (converted, assigned meanwhile, gone).</summary>
    NotPooled,

    NotAuthorized,
}

public enum LeadConvertResult
{
    Converted,

    /// <summary>Converted before (a redelivery, or another member added the customer too): the stored conversion is returned.</summary>
    AlreadyConverted,

    NotFound,
}

/// <summary>A report line: per employee (empty for what is not an employee's, e.g. imports) and source.</summary>
/// <param name="Returned">Assignments of this employee that timed out and went back to the pool.</param>
public sealed record LeadReportRow(string UserId, string Source, long Imported, long Assigned, long Converted, long Returned);

/// <summary>How a corp's leads are spread: the rotation, the daily caps, and how long an employee has to add the customer.</summary>
/// <param name="Mode"><c>round-robin</c> (every weight 1) or <c>weighted</c>.</param>
/// <param name="DailyCap">Leads per employee per day (corp-local day) unless the employee has a cap of their own.</param>
/// <param name="ConvertWithin">After this the lead goes back to the pool and on to another employee.</param>
public sealed record LeadPoolSettings(string Mode, IReadOnlyList<LeadEmployee> Employees, int DailyCap, TimeSpan ConvertWithin)
{
    public const string RoundRobin = "round-robin";
    public const string Weighted = "weighted";
    public const int MaxEmployees = 500;
    public const int MaxWeight = 100;
    public const int MaxDailyCap = 10_000;

    private static readonly Regex UserIdPattern = new("^[A-Za-z0-9_.@-]{1,64}$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    /// <summary>Every problem of these settings, each naming its field; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Mode is not (RoundRobin or Weighted))
        {
            errors.Add($"mode: '{RoundRobin}' or '{Weighted}'");
        }

        if (Employees is null || Employees.Count is 0 or > MaxEmployees)
        {
            errors.Add($"employees: 1..{MaxEmployees} employees");
        }
        else
        {
            foreach (var (employee, i) in Employees.Select((e, i) => (e, i)))
            {
                if (employee.UserId is null || !UserIdPattern.IsMatch(employee.UserId))
                {
                    errors.Add($"employees[{i}].userId: a WeCom userid (letters, digits, _ . @ -; at most 64)");
                }

                if (employee.Weight is < 1 or > MaxWeight)
                {
                    errors.Add($"employees[{i}].weight: 1..{MaxWeight}");
                }

                if (employee.DailyCap is < 0 or > MaxDailyCap)
                {
                    errors.Add($"employees[{i}].dailyCap: 0..{MaxDailyCap}");
                }
            }

            if (Employees.Where(e => e.UserId is not null).GroupBy(e => e.UserId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                errors.Add($"employees: {twice.Key} is listed twice");
            }
        }

        if (DailyCap is < 1 or > MaxDailyCap)
        {
            errors.Add($"dailyCap: 1..{MaxDailyCap}");
        }

        if (ConvertWithin < TimeSpan.FromMinutes(1) || ConvertWithin > TimeSpan.FromDays(30))
        {
            errors.Add("convertWithin: 00:01:00 .. 30.00:00:00");
        }

        return errors;
    }
}

/// <param name="Weight">Turns per round in <c>weighted</c> mode (ignored in <c>round-robin</c>).</param>
/// <param name="DailyCap">This employee's own cap; null: the settings' <see cref="LeadPoolSettings.DailyCap"/>.</param>
public sealed record LeadEmployee(string UserId, int Weight = 1, int? DailyCap = null);
