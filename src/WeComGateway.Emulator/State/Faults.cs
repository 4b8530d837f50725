using System.Text.Json.Nodes;
using WeComGateway.Emulator.Api;

namespace WeComGateway.Emulator.State;

/// <summary>
/// One planned misbehaviour of an API: answer <see cref="Errcode"/> (HTTP 200, as WeCom does), or an HTTP
/// <see cref="HttpStatus"/> with a gateway's HTML page, and/or answer only after <see cref="Delay"/>. Applies to the next
/// <see cref="Remaining"/> calls (null: every call until cleared), of one corp when <see cref="CorpId"/> is set.
/// </summary>
internal sealed record FailurePlan(int Errcode, string? Errmsg, int? HttpStatus, TimeSpan Delay, string? CorpId, int? Remaining)
{
    public bool Matches(string? corpId) => CorpId is null || CorpId == corpId;

    /// <summary>The answer the plan replaces the real one with, or null when it only delays the real one.</summary>
    public JsonObject? Answer() => Errcode == 0 && HttpStatus is null
        ? null
        : Errcode != 0
            ? Errmsg is null ? Json.Error(Errcode, "failing on purpose (emulator/fail)") : new JsonObject { ["errcode"] = Errcode, ["errmsg"] = Errmsg }
            : [];
}

/// <summary>What one API call answers: a JSON body, or a non-200 status; after <see cref="Delay"/>.</summary>
internal sealed record ApiAnswer(JsonObject Body, int Status, TimeSpan Delay);

/// <summary>The failure plans per API, first planned first used.</summary>
internal sealed class FailureBook
{
    private readonly Dictionary<string, List<FailurePlan>> _plans = new(StringComparer.Ordinal);

    public IEnumerable<(string Api, FailurePlan Plan)> All => _plans.SelectMany(p => p.Value.Select(plan => (p.Key, plan)));

    public void Add(string apiName, FailurePlan plan)
    {
        if (!_plans.TryGetValue(apiName, out var plans))
        {
            _plans[apiName] = plans = [];
        }

        plans.Add(plan);
    }

    /// <summary>Takes the first plan of the API that applies to the corp, counting one use of it.</summary>
    public FailurePlan? Take(string apiName, string? corpId)
    {
        if (!_plans.TryGetValue(apiName, out var plans))
        {
            return null;
        }

        var index = plans.FindIndex(p => p.Matches(corpId));
        if (index < 0)
        {
            return null;
        }

        var plan = plans[index];
        if (plan.Remaining is { } remaining)
        {
            if (remaining <= 1)
            {
                plans.RemoveAt(index);
            }
            else
            {
                plans[index] = plan with { Remaining = remaining - 1 };
            }
        }

        if (plans.Count == 0)
        {
            _plans.Remove(apiName);
        }

        return plan;
    }

    public void Clear(string? apiName)
    {
        if (apiName is null)
        {
            _plans.Clear();
        }
        else
        {
            _plans.Remove(apiName);
        }
    }
}
