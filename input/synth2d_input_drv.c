// SPDX-License-Identifier: GPL-2.0-only
/*
 * Module entry: registers the Unicode keystroke device, the HID driver of
 * the synthetic mouse and the two VMBus drivers.
 */
#include <linux/module.h>

#include "synth2d_input.h"

static int __init synth2d_input_init(void)
{
	int ret;

	ret = synth2d_unicode_init();
	if (ret)
		return ret;
	ret = synth2d_mouse_hid_register();
	if (ret)
		goto err_unicode;
	ret = vmbus_driver_register(&synth2d_mouse_driver);
	if (ret)
		goto err_hid;
	ret = vmbus_driver_register(&synth2d_keyboard_driver);
	if (ret)
		goto err_mouse;
	return 0;

err_mouse:
	vmbus_driver_unregister(&synth2d_mouse_driver);
err_hid:
	synth2d_mouse_hid_unregister();
err_unicode:
	synth2d_unicode_exit();
	return ret;
}

static void __exit synth2d_input_exit(void)
{
	vmbus_driver_unregister(&synth2d_keyboard_driver);
	vmbus_driver_unregister(&synth2d_mouse_driver);
	synth2d_mouse_hid_unregister();
	synth2d_unicode_exit();
}

module_init(synth2d_input_init);
module_exit(synth2d_input_exit);

MODULE_DESCRIPTION("Hyper-V synthetic mouse and keyboard (synth2d)");
MODULE_LICENSE("GPL");
