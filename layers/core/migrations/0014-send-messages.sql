-- The store half of a send in one round trip (issue 15, ADR 0019). `send_messages` takes a batch
-- of sends (a JSON array; one send is a batch of one) and, per send, in one transaction: checks the
-- sender's membership, answers a repeated clientMsgId with the original, checks the reply target,
-- bumps the counter, inserts the message and its outbox jobs, moves the conversation's activity and
-- the sender's read marker. It returns one JSON result per send, in the batch's order.
--
-- Sends run grouped by conversation (in arrival order within one), so every batch takes the
-- counter locks in the same order and two batches cannot deadlock. Each send runs in its own
-- subtransaction (the EXCEPTION block): a failing send rolls back its own rows, seq included, and
-- is reported in its result; the others commit.
--
-- The jobs are built by the caller before the seq exists: `jobs` is their JSON text with the
-- placeholder `seqToken` where the seq goes, replaced here once the counter gave it.

CREATE FUNCTION send_messages(items jsonb) RETURNS SETOF jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_item jsonb;
  v_index bigint;
  v_conversation text;
  v_sender text;
  v_members text[];
  v_member boolean;
  v_seq integer;
  v_message messages;
BEGIN
  FOR v_item, v_index IN
    SELECT value, ordinality FROM jsonb_array_elements(items) WITH ORDINALITY
     ORDER BY value ->> 'conversationId' COLLATE "C", ordinality
  LOOP
    v_conversation := v_item ->> 'conversationId';
    v_sender := v_item ->> 'senderId';
    BEGIN
      SELECT array_agg(user_id ORDER BY user_id), COALESCE(bool_or(user_id = v_sender), false) INTO v_members, v_member
        FROM conversation_members WHERE conversation_id = v_conversation AND left_at IS NULL;
      IF NOT v_member THEN
        RETURN NEXT jsonb_build_object('index', v_index, 'status', 'not_member');
        CONTINUE;
      END IF;
      SELECT * INTO v_message FROM messages
       WHERE conversation_id = v_conversation AND sender_id = v_sender AND client_msg_id = v_item ->> 'clientMsgId';
      IF FOUND THEN
        RETURN NEXT jsonb_build_object('index', v_index, 'status', 'duplicate', 'message', to_jsonb(v_message), 'recipients', to_jsonb(v_members));
        CONTINUE;
      END IF;
      IF jsonb_typeof(v_item -> 'replyToSeq') = 'number' AND NOT EXISTS (
           SELECT 1 FROM messages WHERE conversation_id = v_conversation AND seq = (v_item ->> 'replyToSeq')::integer) THEN
        RETURN NEXT jsonb_build_object('index', v_index, 'status', 'no_reply_target');
        CONTINUE;
      END IF;

      INSERT INTO message_counters (conversation_id, last_seq) VALUES (v_conversation, 1)
      ON CONFLICT (conversation_id) DO UPDATE SET last_seq = message_counters.last_seq + 1
      RETURNING last_seq INTO v_seq;
      INSERT INTO messages (conversation_id, seq, id, sender_id, client_msg_id, text, attachments, reply_to_seq, created_at, updated_at, call)
      VALUES (v_conversation, v_seq, v_item ->> 'id', v_sender, v_item ->> 'clientMsgId', v_item ->> 'text', v_item -> 'attachments',
              (v_item ->> 'replyToSeq')::integer, (v_item ->> 'createdAt')::timestamptz, (v_item ->> 'createdAt')::timestamptz,
              NULLIF(v_item -> 'call', 'null'::jsonb))
      RETURNING * INTO v_message;
      INSERT INTO outbox (job_id, source, job)
      SELECT j ->> 'id', v_conversation || ':' || v_seq, j
        FROM jsonb_array_elements(replace(v_item ->> 'jobs', v_item ->> 'seqToken', v_seq::text)::jsonb) AS j;
      UPDATE conversations SET last_seq = GREATEST(last_seq, v_seq), last_activity_at = GREATEST(last_activity_at, v_message.created_at)
       WHERE id = v_conversation;
      UPDATE conversation_members
         SET read_seq = GREATEST(read_seq, v_seq),
             read_at = CASE WHEN v_seq > read_seq THEN v_message.created_at ELSE read_at END,
             changed_at = CASE WHEN v_seq > read_seq THEN v_message.created_at ELSE changed_at END
       WHERE conversation_id = v_conversation AND user_id = v_sender AND left_at IS NULL;
      RETURN NEXT jsonb_build_object('index', v_index, 'status', 'created', 'message', to_jsonb(v_message), 'recipients', to_jsonb(v_members));
    EXCEPTION
      WHEN unique_violation THEN
        -- A concurrent send with the same key committed first (the insert waited for it): this
        -- send's rows, seq included, are rolled back and the original is the answer.
        SELECT * INTO v_message FROM messages
         WHERE conversation_id = v_conversation AND sender_id = v_sender AND client_msg_id = v_item ->> 'clientMsgId';
        IF FOUND THEN
          RETURN NEXT jsonb_build_object('index', v_index, 'status', 'duplicate', 'message', to_jsonb(v_message), 'recipients', to_jsonb(v_members));
        ELSE
          RETURN NEXT jsonb_build_object('index', v_index, 'status', 'failed', 'sqlstate', SQLSTATE, 'error', SQLERRM);
        END IF;
      WHEN OTHERS THEN
        RETURN NEXT jsonb_build_object('index', v_index, 'status', 'failed', 'sqlstate', SQLSTATE, 'error', SQLERRM);
    END;
  END LOOP;
END
$$;
