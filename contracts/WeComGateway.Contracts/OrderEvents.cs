namespace WeComGateway.Contracts;

/// <summary>
/// <c>open_order</c>: an enterprise placed an order for the paid app. <see cref="WeComCallbackEvent.CorpId"/> is the
/// paying enterprise (<c>PaidCorpId</c>).
/// </summary>
public sealed record AppOrderOpened : WeComCallbackEvent
{
    /// <summary>The order id (<c>OrderId</c>).</summary>
    public string? OrderId { get; init; }

    /// <summary>The member who placed the order (<c>OperatorId</c>), when sent.</summary>
    public string? OperatorId { get; init; }
}

/// <summary>
/// <c>change_order</c>: an order was replaced by another (e.g. the price was changed).
/// <see cref="WeComCallbackEvent.CorpId"/> is the paying enterprise (<c>PaidCorpId</c>).
/// </summary>
public sealed record AppOrderChanged : WeComCallbackEvent
{
    /// <summary>The replaced order (<c>OldOrderId</c>).</summary>
    public string? OldOrderId { get; init; }

    /// <summary>The replacing order (<c>NewOrderId</c>).</summary>
    public string? NewOrderId { get; init; }

    /// <summary>The member who changed the order (<c>OperatorId</c>), when sent.</summary>
    public string? OperatorId { get; init; }
}

/// <summary>
/// <c>pay_for_app_success</c>: an order was paid. <see cref="WeComCallbackEvent.CorpId"/> is the paying enterprise
/// (<c>PaidCorpId</c>).
/// </summary>
public sealed record AppOrderPaid : WeComCallbackEvent
{
    /// <summary>The order id (<c>OrderId</c>).</summary>
    public string? OrderId { get; init; }
}

/// <summary>
/// <c>refund</c>: an order was refunded. <see cref="WeComCallbackEvent.CorpId"/> is the paying enterprise
/// (<c>PaidCorpId</c>).
/// </summary>
public sealed record AppOrderRefunded : WeComCallbackEvent
{
    /// <summary>The order id (<c>OrderId</c>).</summary>
    public string? OrderId { get; init; }
}

/// <summary>
/// <c>change_editon</c> (WeCom's spelling): the enterprise's paid edition changed; read it again with
/// get_auth_info. <see cref="WeComCallbackEvent.CorpId"/> is the paying enterprise (<c>PaidCorpId</c>).
/// </summary>
public sealed record AppEditionChanged : WeComCallbackEvent;
