import { Modal } from 'antd';
import { useEffect, useState } from 'react';
import { currentPath, onSessionExpired, signIn } from './session';

/**
 * When the session ends (idle too long, renewal refused) the page stays as it is: forms keep
 * their drafts (useDraft) and the user signs in again to come back to the same screen.
 */
export function SessionExpired() {
  const [open, setOpen] = useState(false);
  useEffect(() => onSessionExpired(() => setOpen(true)), []);
  return (
    <Modal
      open={open}
      title="登录已失效"
      okText="重新登录"
      cancelText="稍后"
      onOk={() => void signIn(currentPath())}
      onCancel={() => setOpen(false)}
    >
      为保护个人信息，长时间未操作后需要重新登录。您已填写的内容已自动保留，重新登录后回到本页即可继续。
    </Modal>
  );
}
