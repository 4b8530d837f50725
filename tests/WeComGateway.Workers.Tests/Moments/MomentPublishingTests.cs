using WeComGateway.Contracts;
using WeComGateway.Storage.Moments;
using WeComGateway.Testing;

namespace WeComGateway.Workers.Tests.Moments;

/// <summary>A moment's WeCom task: created once, read until done, announced once; refused, failed and expired ones too.</summary>
public sealed class MomentPublishingTests
{
    [Fact]
    public async Task A_moment_requested_twice_gets_one_WeCom_task_and_is_published_once_when_the_task_is_done()
    {
        await using var moments = await MomentHarness.StartAsync();
        await moments.CreateAsync(employees: "zhangsan");

        await moments.RequestAsync();
        await moments.RequestAsync(); // redelivered, or the admin's publish repeated
        await moments.RunSchedulerAsync(); // the scheduler finds it due as well

        Assert.Equal(1, await moments.WeCom.CountAsync(WeComApis.AddMomentTask));
        var creating = (await moments.ReadAsync())!;
        Assert.Equal(MomentStatus.Creating, creating.Status);
        var task = Assert.Single(await moments.WeCom.MomentsAsync());
        Assert.Equal(creating.JobId, task.GetProperty("jobid").GetString());
        Assert.Equal("zhangsan", task.GetProperty("request").GetProperty("visible_range").GetProperty("sender_list").GetProperty("user_list")[0].GetString());
        Assert.Equal(creating.Tags[0].Id, task.GetProperty("request").GetProperty("visible_range").GetProperty("external_contact_list").GetProperty("tag_list")[0].GetString());

        await moments.AdvanceAsync(TimeSpan.FromSeconds(2)); // the first read: WeCom (the emulator) is done after 2 s
        await moments.RunSchedulerAsync();
        await moments.AdvanceAsync(TimeSpan.FromMinutes(10));
        await moments.RunSchedulerAsync(); // nothing is due any more

        var published = (await moments.ReadAsync())!;
        Assert.Equal(MomentStatus.Published, published.Status);
        Assert.StartsWith("mom", published.WeComMomentId, StringComparison.Ordinal);
        var (message, messageId) = Assert.Single(moments.Published<MomentPublished>());
        Assert.Equal(published.WeComMomentId, message.WeComMomentId);
        Assert.Equal(["客户等级/VIP"], message.Tags);
        Assert.NotNull(messageId);
        Assert.True(1 == await moments.WeCom.CountAsync(WeComApis.MomentTaskResult), await moments.WeCom.DescribeCallsAsync());
    }

    [Fact]
    public async Task An_image_given_by_path_is_uploaded_for_moments_once_and_its_media_id_sent()
    {
        using var folder = new WeComGateway.Workers.Tests.Media.MediaFolder();
        folder.Write("spring.png", 2048);
        await using var moments = await MomentHarness.StartAsync(folder.Root);
        await moments.CreateAsync("spring-sale", [new MomentAttachmentSpec(MomentAttachmentSpec.Image, MediaId: null, Path: "spring.png")], "zhangsan");
        await moments.CreateAsync("spring-sale-2", [new MomentAttachmentSpec(MomentAttachmentSpec.Image, MediaId: null, Path: "spring.png")], "zhangsan");

        await moments.RequestAsync();
        await moments.RequestAsync("spring-sale-2");

        var uploads = await moments.WeCom.CallsAsync(WeComApis.MediaUploadAttachment);
        var upload = Assert.Single(uploads); // the second moment takes the cached id
        Assert.Equal("1", upload.Query["attachment_type"]);
        var tasks = await moments.WeCom.MomentsAsync();
        Assert.Equal(2, tasks.Count);
        var mediaIds = tasks.Select(t => t.GetProperty("request").GetProperty("attachments")[0].GetProperty("image").GetProperty("media_id").GetString()).Distinct().ToList();
        Assert.False(string.IsNullOrEmpty(Assert.Single(mediaIds)));
    }

    [Fact]
    public async Task A_path_outside_the_media_root_fails_the_moment_without_a_WeCom_task()
    {
        using var folder = new WeComGateway.Workers.Tests.Media.MediaFolder();
        await using var moments = await MomentHarness.StartAsync(folder.Root);
        await moments.CreateAsync("spring-sale", [new MomentAttachmentSpec(MomentAttachmentSpec.Image, MediaId: null, Path: "missing.png")], "zhangsan");

        await moments.RequestAsync();

        Assert.Equal(0, await moments.WeCom.CountAsync(WeComApis.AddMomentTask));
        var failed = (await moments.ReadAsync())!;
        Assert.Equal(MomentStatus.Failed, failed.Status);
        Assert.Equal("media_refused", failed.FailureReason);
    }

    [Fact]
    public async Task Two_replicas_handling_the_same_pending_moment_create_one_task()
    {
        await using var moments = await MomentHarness.StartAsync();
        await moments.CreateAsync();

        await Task.WhenAll(moments.HandleAsync("spring-sale", "replica-a"), moments.HandleAsync("spring-sale", "replica-b"));
        await moments.HandleAsync("spring-sale", "replica-a");

        Assert.Equal(1, await moments.WeCom.CountAsync(WeComApis.AddMomentTask));
        Assert.Equal(MomentStatus.Creating, (await moments.ReadAsync())!.Status);
    }

    [Fact]
    public async Task A_task_read_while_it_runs_is_read_again_later_and_a_departed_sender_is_reported()
    {
        await using var moments = await MomentHarness.StartAsync();
        await moments.WeCom.DepartAsync(moments.CorpId, "wangwu");
        await moments.CreateAsync("autumn", "zhangsan", "wangwu");
        await moments.RequestAsync("autumn");

        await moments.AdvanceAsync(TimeSpan.FromSeconds(1));
        await moments.HandleAsync("autumn", "replica-a"); // read early: started
        var polled = (await moments.ReadAsync("autumn"))!;
        await moments.AdvanceAsync(TimeSpan.FromSeconds(4)); // the next read is due 4 s after the first
        await moments.RunSchedulerAsync();

        Assert.Equal((1, 1), (polled.Polls, polled.TaskStatus));
        var done = (await moments.ReadAsync("autumn"))!;
        Assert.Equal(MomentStatus.Published, done.Status);
        Assert.Equal(["wangwu"], done.InvalidEmployees);
        Assert.Equal(["wangwu"], Assert.Single(moments.Published<MomentPublished>()).Message.InvalidEmployees);
    }

    [Fact]
    public async Task A_job_id_not_seen_done_within_24_hours_expires_without_another_read_and_fails_once()
    {
        await using var moments = await MomentHarness.StartAsync();
        await moments.CreateAsync();
        await moments.RequestAsync();

        await moments.AdvanceAsync(TimeSpan.FromHours(24)); // every replica was down meanwhile
        await moments.RunSchedulerAsync();
        await moments.RunSchedulerAsync();

        Assert.Equal(0, await moments.WeCom.CountAsync(WeComApis.MomentTaskResult));
        Assert.Equal(MomentStatus.Expired, (await moments.ReadAsync())!.Status);
        var failed = Assert.Single(moments.Published<MomentFailed>()).Message;
        Assert.Equal("job_expired", failed.Reason);
        Assert.Empty(moments.Published<MomentPublished>());
    }

    [Fact]
    public async Task WeCom_busy_is_tried_again_and_a_refusal_fails_the_moment_with_its_errcode()
    {
        await using var moments = await MomentHarness.StartAsync();
        await moments.CreateAsync("busy");
        await moments.WeCom.FailAlwaysAsync(WeComApis.AddMomentTask, -1); // busy through the client's own retries

        await moments.RequestAsync("busy");
        Assert.Equal(MomentStatus.Pending, (await moments.ReadAsync("busy"))!.Status);
        await moments.WeCom.HealAsync(WeComApis.AddMomentTask);
        await moments.AdvanceAsync(TimeSpan.FromSeconds(3));
        await moments.RunSchedulerAsync();
        Assert.Equal(MomentStatus.Creating, (await moments.ReadAsync("busy"))!.Status);

        await moments.CreateAsync("refused");
        await moments.WeCom.FailAsync(WeComApis.AddMomentTask, 40058, errmsg: "invalid attachments size");
        await moments.RequestAsync("refused");
        await moments.RequestAsync("refused");

        var refused = (await moments.ReadAsync("refused"))!;
        Assert.Equal((MomentStatus.Failed, "refused", 40058), (refused.Status, refused.FailureReason, refused.ErrCode));
        var failed = Assert.Single(moments.Published<MomentFailed>());
        Assert.Equal(("refused", 40058), (failed.Message.Reason, failed.Message.ErrCode));
    }
}
