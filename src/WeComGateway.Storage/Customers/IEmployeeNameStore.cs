namespace WeComGateway.Storage.Customers;

/// <summary>
/// Employees' display names per corp (for <c>{employee_name}</c> in welcome messages), fed by change_contact
/// callbacks. WeCom sends names to self-built and 代开发 apps; third-party apps mostly get none, and the template's
/// default is used. Redis: one hash <c>wecomgw:{corpId}:employees</c> (user id → name).
/// </summary>
public interface IEmployeeNameStore
{
    Task<string?> GetAsync(string corpId, string userId, CancellationToken cancellationToken);

    Task SetAsync(string corpId, string userId, string name, CancellationToken cancellationToken);

    /// <summary>A user id WeCom changed (update_user with NewUserId): the name moves with it.</summary>
    Task RenameAsync(string corpId, string userId, string newUserId, CancellationToken cancellationToken);

    Task RemoveAsync(string corpId, string userId, CancellationToken cancellationToken);
}
