using static WeComGateway.Callbacks.Tests.ProtocolVectors;

namespace WeComGateway.Callbacks.Tests;

public sealed class RoundTripTests : IDisposable
{
    private readonly CallbackCrypto _crypto = new(OfficialToken, OfficialKey);

    public static TheoryData<int> MessageLengths()
    {
        var lengths = new TheoryData<int>();
        for (var length = 0; length <= 200; length++)
        {
            lengths.Add(length);
        }

        return lengths;
    }

    public void Dispose() => _crypto.Dispose();

    [Theory]
    [MemberData(nameof(MessageLengths))]
    public void A_message_of_any_length_decrypts_to_itself_and_its_receive_id(int length)
    {
        var message = new string('x', length);

        var decrypted = _crypto.Decrypt(_crypto.Encrypt(message, OfficialCorpId));

        Assert.Equal(message, decrypted.Message);
        Assert.Equal(OfficialCorpId, decrypted.ReceiveId);
    }

    [Fact]
    public void Messages_of_0_to_200_bytes_use_every_pad_value_from_1_to_32()
    {
        var pads = new HashSet<int>();
        for (var length = 0; length <= 200; length++)
        {
            pads.Add(RawAes.PadOf(OfficialKey, _crypto.Encrypt(new string('x', length), OfficialCorpId)));
        }

        Assert.Equal(Enumerable.Range(1, 32), pads.Order());
    }

    [Theory]
    [InlineData("你好，世界", "ww1436e0e65a779aee")]
    [InlineData("<xml><Content><![CDATA[密文测试 🎉]]></Content></xml>", "")]
    [InlineData("", "dk1234567890abcdef")]
    public void Non_ASCII_messages_and_empty_receive_ids_survive_the_round_trip(string message, string receiveId)
    {
        var decrypted = _crypto.Decrypt(_crypto.Encrypt(message, receiveId));

        Assert.Equal(new DecryptedMessage(message, receiveId), decrypted);
    }

    [Fact]
    public void Two_encryptions_of_the_same_message_differ_because_the_prefix_is_random()
    {
        Assert.NotEqual(_crypto.Encrypt("same", OfficialCorpId), _crypto.Encrypt("same", OfficialCorpId));
    }

    [Fact]
    public void One_instance_decrypts_correctly_from_many_threads_at_once()
    {
        var ciphertexts = Enumerable.Range(0, 64)
            .Select(i => (Message: $"<xml><N>{i}</N>{new string('p', i * 7)}</xml>", Receiver: $"corp{i}"))
            .Select(m => (m.Message, m.Receiver, Encrypted: _crypto.Encrypt(m.Message, m.Receiver)))
            .ToArray();

        Parallel.For(0, 4_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var (message, receiver, encrypted) = ciphertexts[i % ciphertexts.Length];
            var decrypted = _crypto.Decrypt(encrypted);
            Assert.Equal(message, decrypted.Message);
            Assert.Equal(receiver, decrypted.ReceiveId);
            Assert.Equal(decrypted, _crypto.Decrypt(_crypto.Encrypt(message, receiver)));
        });
    }

    [Fact]
    public void A_random_prefix_that_is_not_16_bytes_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => _crypto.Encrypt("m", "r", new byte[15]));
        Assert.Equal("randomPrefix", error.ParamName);
    }

    [Fact]
    public void A_disposed_instance_refuses_to_work()
    {
        var crypto = new CallbackCrypto(OfficialToken, OfficialKey);
        crypto.Dispose();

        Assert.Throws<ObjectDisposedException>(() => crypto.Decrypt(ProtocolVectors.V1.Encrypt));
    }
}
