using MassTransit;
using WeComGateway.Contracts;
using WeComGateway.Storage.Customers;

namespace WeComGateway.Workers.Customers;

/// <summary>change_contact member events keep the employee names that welcome messages use for <c>{employee_name}</c>.</summary>
internal sealed class EmployeeDirectoryConsumer(IEmployeeNameStore names) :
    IConsumer<DirectoryMemberCreated>,
    IConsumer<DirectoryMemberUpdated>,
    IConsumer<DirectoryMemberDeleted>
{
    public Task Consume(ConsumeContext<DirectoryMemberCreated> context) =>
        context.Message is { CorpId: { } corpId, Name: { Length: > 0 } name } m
            ? names.SetAsync(corpId, m.UserId, name, context.CancellationToken)
            : Task.CompletedTask;

    public async Task Consume(ConsumeContext<DirectoryMemberUpdated> context)
    {
        if (context.Message.CorpId is not { } corpId)
        {
            return;
        }

        var m = context.Message;
        var userId = m.UserId;
        if (m.NewUserId is { Length: > 0 } renamed && renamed != userId)
        {
            await names.RenameAsync(corpId, userId, renamed, context.CancellationToken);
            userId = renamed;
        }

        if (m.Name is { Length: > 0 } name)
        {
            await names.SetAsync(corpId, userId, name, context.CancellationToken);
        }
    }

    public Task Consume(ConsumeContext<DirectoryMemberDeleted> context) =>
        context.Message.CorpId is { } corpId ? names.RemoveAsync(corpId, context.Message.UserId, context.CancellationToken) : Task.CompletedTask;
}
