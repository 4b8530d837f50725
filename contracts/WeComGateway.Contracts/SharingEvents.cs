namespace WeComGateway.Contracts;

/// <summary>
/// <c>share_agent_change</c>: an app shared through 企业互联 (interconnected enterprises) changed for the enterprise
/// in <see cref="WeComCallbackEvent.CorpId"/> (WeCom's <c>CorpId</c> field).
/// </summary>
public sealed record SharedAgentChanged : WeComCallbackEvent
{
    /// <summary>The legacy multi-app suite's app id (<c>AppId</c>), when sent.</summary>
    public string? AppId { get; init; }

    /// <summary>The agent (app) id in the enterprise (<c>AgentId</c>).</summary>
    public long? AgentId { get; init; }
}

/// <summary>
/// <c>share_chain_change</c>: an app shared through 上下游 (upstream/downstream chains) changed for the enterprise in
/// <see cref="WeComCallbackEvent.CorpId"/> (WeCom's <c>CorpId</c> field).
/// </summary>
public sealed record SharedChainChanged : WeComCallbackEvent
{
    /// <summary>The legacy multi-app suite's app id (<c>AppId</c>), when sent.</summary>
    public string? AppId { get; init; }

    /// <summary>The agent (app) id in the enterprise (<c>AgentId</c>).</summary>
    public long? AgentId { get; init; }
}
