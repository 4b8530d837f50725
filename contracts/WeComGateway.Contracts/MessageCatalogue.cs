namespace WeComGateway.Contracts;

/// <summary>
/// Every message the gateway publishes or consumes, and where each one travels. contracts/README.md lists the same
/// (a test keeps them equal).
/// </summary>
public static class MessageCatalogue
{
    /// <summary>What a MassTransit <c>messageType</c> entry starts with; the exchange name follows.</summary>
    public const string MessageTypeUrnPrefix = "urn:message:";

    /// <summary>The callbacks the receiver publishes, one record per WeCom event (all derive from <see cref="WeComCallbackEvent"/>).</summary>
    public static IReadOnlyList<Type> CallbackEvents { get; } =
    [
        typeof(SuiteTicketReceived), typeof(AuthorizationCreated), typeof(AuthorizationChanged), typeof(AuthorizationCancelled),
        typeof(PermanentCodeReset),
        typeof(DirectoryMemberCreated), typeof(DirectoryMemberUpdated), typeof(DirectoryMemberDeleted),
        typeof(DirectoryDepartmentCreated), typeof(DirectoryDepartmentUpdated), typeof(DirectoryDepartmentDeleted),
        typeof(DirectoryTagUpdated),
        typeof(ExternalContactAdded), typeof(ExternalContactHalfAdded), typeof(ExternalContactEdited),
        typeof(ExternalContactDeletedByEmployee), typeof(ExternalContactDeletedByCustomer), typeof(ExternalContactTransferFailed),
        typeof(ChatArchiveApproved),
        typeof(GroupChatCreated), typeof(GroupChatDismissed), typeof(GroupChatMemberJoined), typeof(GroupChatMemberLeft),
        typeof(GroupChatOwnerChanged), typeof(GroupChatRenamed), typeof(GroupChatNoticeChanged),
        typeof(CorpTagCreated), typeof(CorpTagUpdated), typeof(CorpTagDeleted), typeof(CorpTagsReordered),
        typeof(SharedAgentChanged), typeof(SharedChainChanged),
        typeof(CorpArchitectureAuthorized), typeof(SpecialAuthorizationApproved), typeof(SpecialAuthorizationCancelled),
        typeof(CorpRegistered), typeof(RegisterPackageEntered),
        typeof(AppOrderOpened), typeof(AppOrderChanged), typeof(AppOrderPaid), typeof(AppOrderRefunded), typeof(AppEditionChanged),
        typeof(ExternalUserIdMigrationAgreed), typeof(AppAdminChanged),
        typeof(UnrecognizedCallbackReceived),
    ];

    /// <summary>What the gateway's workers publish about what they did.</summary>
    public static IReadOnlyList<Type> GatewayFacts { get; } =
    [
        typeof(CorpAuthorized), typeof(CorpAuthorizationChanged), typeof(CorpDeauthorized),
        typeof(LifecycleStageChanged), typeof(CustomerSegmentEntered), typeof(CustomerLost),
        typeof(WelcomeMessageSent), typeof(WelcomeMessageExpired),
        typeof(FissionGoalReached), typeof(FissionCreditChanged),
        typeof(StoreCodeResolved), typeof(GroupJoinCounted),
        typeof(LeadAssigned), typeof(LeadConverted), typeof(LeadReassigned),
        typeof(ChannelStatsUpdated),
        typeof(CampaignTaskCreated), typeof(CampaignMessageResult), typeof(CampaignDelivered),
        typeof(MomentPublished), typeof(MomentFailed),
    ];

    /// <summary>What other systems (and the gateway's own scheduler and admin API) publish to the gateway's workers.</summary>
    public static IReadOnlyList<Type> InboundFacts { get; } =
    [
        typeof(CustomerPurchaseRecorded), typeof(CustomerMembershipChanged), typeof(CustomerReevaluationRequested),
        typeof(CustomerBackfillRequested),
        typeof(LeadsImported),
        typeof(CampaignDue),
        typeof(MomentRequested),
    ];

    /// <summary>Every message the gateway publishes: <see cref="CallbackEvents"/> and <see cref="GatewayFacts"/>.</summary>
    public static IReadOnlyList<Type> Published { get; } = [.. CallbackEvents, .. GatewayFacts];

    /// <summary>Every message in the catalogue.</summary>
    public static IReadOnlyList<Type> All { get; } = [.. Published, .. InboundFacts];

    /// <summary>
    /// The RabbitMQ exchange of a message (fanout, durable): <c>{namespace}:{RecordName}</c>, e.g.
    /// <c>WeComGateway.Contracts:ExternalContactAdded</c>. MassTransit's default entity name, so renaming a record or
    /// its namespace renames its exchange.
    /// </summary>
    public static string ExchangeOf(Type messageType)
    {
        ArgumentNullException.ThrowIfNull(messageType);
        return $"{messageType.Namespace}:{messageType.Name}";
    }

    /// <inheritdoc cref="ExchangeOf(Type)"/>
    public static string ExchangeOf<T>()
        where T : class => ExchangeOf(typeof(T));

    /// <summary>The entry of the envelope's <c>messageType</c> list that names the record: <c>urn:message:{exchange}</c>.</summary>
    public static string MessageTypeUrnOf(Type messageType) => MessageTypeUrnPrefix + ExchangeOf(messageType);
}
