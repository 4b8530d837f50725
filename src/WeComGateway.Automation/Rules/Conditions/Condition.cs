namespace WeComGateway.Automation;

/// <summary>
/// A compiled <c>when</c> node. Immutable and shared across threads; everything per-evaluation lives in the
/// <see cref="EvaluationContext"/> passed by reference.
/// </summary>
internal abstract class Condition
{
    public abstract bool Matches(ref EvaluationContext context);

    /// <summary>The event kinds under which this can be true: a bit per <see cref="AutomationEventKind"/>.</summary>
    public virtual uint EventMask => AutomationEventKinds.AllMask;
}

/// <summary><c>all</c>, and an object with several keys.</summary>
internal sealed class AllCondition(Condition[] children) : Condition
{
    public override bool Matches(ref EvaluationContext context)
    {
        foreach (var child in children)
        {
            if (!child.Matches(ref context))
            {
                return false;
            }
        }

        return true;
    }

    public override uint EventMask
    {
        get
        {
            var mask = AutomationEventKinds.AllMask;
            foreach (var child in children)
            {
                mask &= child.EventMask;
            }

            return mask;
        }
    }
}

/// <summary><c>any</c>.</summary>
internal sealed class AnyCondition(Condition[] children) : Condition
{
    public override bool Matches(ref EvaluationContext context)
    {
        foreach (var child in children)
        {
            if (child.Matches(ref context))
            {
                return true;
            }
        }

        return false;
    }

    public override uint EventMask
    {
        get
        {
            var mask = 0u;
            foreach (var child in children)
            {
                mask |= child.EventMask;
            }

            return mask;
        }
    }
}

/// <summary><c>not</c>. Says nothing about event kinds: <c>not event X</c> can match every other kind.</summary>
internal sealed class NotCondition(Condition inner) : Condition
{
    public override bool Matches(ref EvaluationContext context) => !inner.Matches(ref context);
}

/// <summary><c>event</c>.</summary>
internal sealed class EventCondition(uint mask) : Condition
{
    public override bool Matches(ref EvaluationContext context) => (mask & context.Event.Kind.Bit()) != 0;

    public override uint EventMask => mask;
}
