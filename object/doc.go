// Package object turns the raw values that platforms attach to posts (links,
// hashtags, mentions, repost and reply targets, text, media digests) into
// stable keys, so that the same object gets the same key however a platform
// or a data export spelled it.
//
// The coordination engine groups accounts that share a key within a short
// time window; a key that differs only by letter case, a tracking parameter
// or an invisible character would split one coordinated burst into several
// weaker ones. Every function here is therefore:
//
//   - pure and deterministic: no I/O, no network (links are not expanded or
//     followed), no mutable package state;
//   - idempotent: normalising an already normalised key returns it unchanged,
//     so keys can be stored and normalised again safely;
//   - safe on hostile input: malformed or oversized values produce an error,
//     never a panic.
//
// [Normalize] dispatches on a [Kind]; the per-kind functions can be called
// directly when the kind is fixed.
//
// # Tracking parameters
//
// Tracking parameters are removed from links because they record who shared
// a link and how, not what it points to: the same article shared from two
// accounts' share buttons differs only in them, and coordinated campaigns
// often tag each account's links differently.
//
// Keys are compared case-insensitively after percent-decoding of unreserved
// characters ("UTM_Source" and "utm%5Fsource" are both removed).
//
// Removed everywhere:
//   - any key starting with utm_ (Google Analytics campaigns), mtm_ (Matomo
//     campaigns) or hsa_ (HubSpot ads);
//   - click ids: fbclid, gclid, gclsrc, dclid, gbraid, wbraid, msclkid,
//     yclid, ysclid, twclid, ttclid, li_fat_id, epik, rdt_cid, srsltid,
//     mibextid, igshid, igsh, rb_clickid, wickedid;
//   - analytics and mail-campaign ids: _ga, _gl, _openstat, mc_cid, mc_eid,
//     _hsenc, _hsmi, __hssc, __hstc, __hsfp, hsctatracking, mkt_tok,
//     oly_anon_id, oly_enc_id, vero_id, vero_conv, s_cid, pk_campaign,
//     pk_kwd, pk_keyword, pk_source, pk_medium, pk_content, pk_cid;
//   - embed and referral markers: ref_src, ref_url;
//   - BBC/AT Internet campaign keys: at_medium, at_campaign, at_custom1 to
//     at_custom4, at_ptr_name, at_link_id, at_link_origin, at_link_type,
//     at_bbc_team, at_format.
//
// Removed only on the sites that use them, where the same key elsewhere may
// select content:
//   - twitter.com, x.com: s, t (share source and share token);
//   - youtube.com, youtu.be: si, feature, pp, ab_channel (the video and the
//     start time "t" are kept);
//   - spotify.com: si;
//   - tiktok.com: _r, _t, is_from_webapp, sender_device, is_copy_url;
//   - reddit.com: share_id;
//   - linkedin.com: trk, trackingid, lipi;
//   - nytimes.com: smid, smtyp;
//   - theguardian.com: cmp.
//
// Parameters that can change what a page shows (ref, source, id, tag, ...)
// are deliberately kept even when often used for tracking.
package object
