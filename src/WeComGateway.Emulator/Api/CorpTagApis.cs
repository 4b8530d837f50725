using System.Text.Json.Nodes;
using WeComGateway.Emulator.State;

namespace WeComGateway.Emulator.Api;

/// <summary>The corp tag library: get_corp_tag_list, add_corp_tag, edit_corp_tag, del_corp_tag.</summary>
internal static class CorpTagApis
{
    private const int InvalidTagId = 40068;
    private const int DuplicateTagName = 40071;

    public static IEnumerable<ApiSpec> All =>
    [
        new("externalcontact/get_corp_tag_list", TokenKind.Corp, ExternalContactApis.OnCorp(List)),
        new("externalcontact/add_corp_tag", TokenKind.Corp, ExternalContactApis.OnCorp(AddTags)),
        new("externalcontact/edit_corp_tag", TokenKind.Corp, ExternalContactApis.OnCorp(Edit)),
        new("externalcontact/del_corp_tag", TokenKind.Corp, ExternalContactApis.OnCorp(Delete)),
    ];

    private static JsonObject List(CorpState corp, ApiCall call)
    {
        var groupIds = call.Body.Strings("group_id");
        var tagIds = call.Body.Strings("tag_id");
        var groups = new JsonArray();
        foreach (var group in corp.Groups.OrderByDescending(g => g.Order))
        {
            if (groupIds.Count > 0)
            {
                if (groupIds.Contains(group.Id))
                {
                    groups.Add(ToJson(group, group.Tags));
                }
            }
            else if (tagIds.Count > 0)
            {
                var tags = group.Tags.Where(t => tagIds.Contains(t.Id)).ToList();
                if (tags.Count > 0)
                {
                    groups.Add(ToJson(group, tags));
                }
            }
            else
            {
                groups.Add(ToJson(group, group.Tags));
            }
        }

        return Json.Ok(new() { ["tag_group"] = groups });
    }

    /// <summary>add_corp_tag; also what the admin console does (<c>/emulator/tags</c>).</summary>
    internal static JsonObject AddTags(CorpState corp, ApiCall call)
    {
        var names = (call.Body["tag"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(t => (Name: t.Str("name"), Order: t.Long("order") ?? 0))
            .ToList();
        if (names.Count == 0 || names.Any(n => n.Name is null))
        {
            return Json.Error(40058, "tag[].name is required");
        }

        TagGroup? group;
        if (call.Body.Str("group_id") is { } groupId)
        {
            group = corp.FindGroup(groupId);
            if (group is null)
            {
                return Json.Error(InvalidTagId, "invalid group_id " + groupId);
            }
        }
        else if (call.Body.Str("group_name") is { } groupName)
        {
            group = corp.Groups.Find(g => g.Name == groupName);
        }
        else
        {
            return Json.Error(40058, "group_id or group_name is required");
        }

        var requested = names.Select(n => n.Name!).ToList();
        if (requested.Distinct(StringComparer.Ordinal).Count() != requested.Count
            || (group is not null && group.Tags.Exists(t => requested.Contains(t.Name))))
        {
            return Json.Error(DuplicateTagName, "tag name already exists in the group");
        }

        if (group is null)
        {
            group = new TagGroup(Json.NewId("et", 20), call.Body.Str("group_name")!, call.Body.Long("order") ?? 0, call.Now);
            corp.Groups.Add(group);
        }

        var added = names.Select(n => new Tag(Json.NewId("et", 20), n.Name!, n.Order, call.Now)).ToList();
        group.Tags.AddRange(added);
        return Json.Ok(new() { ["tag_group"] = ToJson(group, added) });
    }

    private static JsonObject Edit(CorpState corp, ApiCall call)
    {
        var id = call.Body.Str("id") ?? string.Empty;
        var name = call.Body.Str("name");
        var order = call.Body.Long("order");
        if (corp.FindGroup(id) is { } group)
        {
            if (name is not null && corp.Groups.Exists(g => g != group && g.Name == name))
            {
                return Json.Error(DuplicateTagName, "group name already exists");
            }

            group.Name = name ?? group.Name;
            group.Order = order ?? group.Order;
            return Json.Ok();
        }

        if (corp.FindTag(id) is var (owner, tag))
        {
            if (name is not null && owner.Tags.Exists(t => t != tag && t.Name == name))
            {
                return Json.Error(DuplicateTagName, "tag name already exists in the group");
            }

            tag.Name = name ?? tag.Name;
            tag.Order = order ?? tag.Order;
            return Json.Ok();
        }

        return Json.Error(InvalidTagId, "invalid tagid " + id);
    }

    private static JsonObject Delete(CorpState corp, ApiCall call)
    {
        var tagIds = call.Body.Strings("tag_id");
        var groupIds = call.Body.Strings("group_id");
        var unknown = tagIds.FirstOrDefault(id => corp.FindTag(id) is null) ?? groupIds.FirstOrDefault(id => corp.FindGroup(id) is null);
        if (unknown is not null)
        {
            return Json.Error(InvalidTagId, "invalid tagid " + unknown);
        }

        var deleted = new HashSet<string>(tagIds, StringComparer.Ordinal);
        foreach (var group in corp.Groups.Where(g => groupIds.Contains(g.Id)))
        {
            deleted.UnionWith(group.Tags.Select(t => t.Id));
        }

        foreach (var group in corp.Groups)
        {
            group.Tags.RemoveAll(t => deleted.Contains(t.Id));
        }

        // Deleting every tag of a group deletes the group.
        corp.Groups.RemoveAll(g => g.Tags.Count == 0);
        corp.ForgetTags(deleted);
        return Json.Ok();
    }

    private static JsonObject ToJson(TagGroup group, IEnumerable<Tag> tags) => new()
    {
        ["group_id"] = group.Id,
        ["group_name"] = group.Name,
        ["create_time"] = group.CreatedAt.ToUnixTimeSeconds(),
        ["order"] = group.Order,
        ["deleted"] = false,
        ["tag"] = new JsonArray([.. tags.OrderByDescending(t => t.Order).Select(t => (JsonNode)new JsonObject
        {
            ["id"] = t.Id,
            ["name"] = t.Name,
            ["create_time"] = t.CreatedAt.ToUnixTimeSeconds(),
            ["order"] = t.Order,
            ["deleted"] = false,
        })]),
    };
}
