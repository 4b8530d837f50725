namespace WeComGateway.Automation.Leads;

/// <summary>An employee who takes leads: how many of every round they get, and how many a day at most.</summary>
public sealed record LeadTaker(string UserId, int Weight, int DailyCap);

public enum AssignmentOutcome
{
    /// <summary>Give the lead to <see cref="AssignmentDecision.UserId"/>.</summary>
    Assign,

    /// <summary>Every employee who may still take the lead reached their cap today: the lead waits in the pool.</summary>
    WaitForCapacity,

    /// <summary>Every employee had the lead once and none converted it: it leaves the pool.</summary>
    NoEmployeeLeft,
}

/// <param name="NextCursor">Where the next decision starts in the rotation (store it with the assignment).</param>
public sealed record AssignmentDecision(AssignmentOutcome Outcome, string? UserId, long NextCursor);

/// <summary>
/// Who gets the next lead. Employees take turns in a fixed rotation (smooth weighted round-robin: an employee of weight
/// 3 appears three times in a round of the sum of the weights, spread out rather than in a row); plain round-robin is
/// every weight 1. The cursor counts positions in the rotation: an employee at their daily cap, or who had the lead
/// before, is passed over and the next one in turn takes it. Pure: the caller keeps the cursor and the day's counts.
/// </summary>
public static class LeadAssigner
{
    public static AssignmentDecision Decide(
        IReadOnlyList<LeadTaker> takers, long cursor, IReadOnlyDictionary<string, int> assignedToday, IReadOnlyCollection<string> tried)
    {
        ArgumentNullException.ThrowIfNull(takers);
        ArgumentOutOfRangeException.ThrowIfNegative(cursor);
        var rotation = Rotation(takers);
        if (rotation.Count == 0 || takers.All(t => tried.Contains(t.UserId)))
        {
            return new AssignmentDecision(AssignmentOutcome.NoEmployeeLeft, null, cursor);
        }

        var caps = takers.ToDictionary(t => t.UserId, t => t.DailyCap, StringComparer.Ordinal);
        for (var step = 0; step < rotation.Count; step++)
        {
            var candidate = rotation[(int)((cursor + step) % rotation.Count)];
            if (tried.Contains(candidate) || assignedToday.GetValueOrDefault(candidate) >= caps[candidate])
            {
                continue;
            }

            return new AssignmentDecision(AssignmentOutcome.Assign, candidate, cursor + step + 1);
        }

        return new AssignmentDecision(AssignmentOutcome.WaitForCapacity, null, cursor);
    }

    /// <summary>One round of the rotation: each employee as often as their weight, interleaved (smooth weighted round-robin).</summary>
    public static IReadOnlyList<string> Rotation(IReadOnlyList<LeadTaker> takers)
    {
        ArgumentNullException.ThrowIfNull(takers);
        var active = takers.Where(t => t.Weight > 0).ToList();
        var total = active.Sum(t => t.Weight);
        var current = new int[active.Count];
        var rotation = new List<string>(total);
        for (var n = 0; n < total; n++)
        {
            var best = 0;
            for (var i = 0; i < active.Count; i++)
            {
                current[i] += active[i].Weight;
                if (current[i] > current[best])
                {
                    best = i;
                }
            }

            current[best] -= total;
            rotation.Add(active[best].UserId);
        }

        return rotation;
    }
}
